// Domain errors the API maps to HTTP/tRPC codes. Messages are written for the person who can fix the cause.
import { isErrorNamed } from "@weft/db";

export { ActiveJobExistsError } from "@weft/db";

export class NotFoundError extends Error {
  // See isErrorNamed: recognised across the separate module graphs of a Next build.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isErrorNamed(value, "NotFoundError");
  }
  constructor(readonly resource: string, readonly id: string) {
    super(`${resource} not found: ${id}`);
    this.name = "NotFoundError";
  }
}

export class ConflictError extends Error {
  // See isErrorNamed: recognised across the separate module graphs of a Next build.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isErrorNamed(value, "ConflictError");
  }
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

export class ValidationError extends Error {
  // See isErrorNamed: recognised across the separate module graphs of a Next build.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isErrorNamed(value, "ValidationError");
  }
  constructor(message: string, readonly issues: { path: (string | number)[]; message: string }[] = []) {
    super(message);
    this.name = "ValidationError";
  }
}
