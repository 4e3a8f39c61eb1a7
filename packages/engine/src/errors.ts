// Domain errors the API maps to HTTP/tRPC codes. Messages are written for the person who can fix the cause.
export { ActiveJobExistsError } from "@weft/db";

export class NotFoundError extends Error {
  constructor(readonly resource: string, readonly id: string) {
    super(`${resource} not found: ${id}`);
    this.name = "NotFoundError";
  }
}

export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

export class ValidationError extends Error {
  constructor(message: string, readonly issues: { path: (string | number)[]; message: string }[] = []) {
    super(message);
    this.name = "ValidationError";
  }
}
