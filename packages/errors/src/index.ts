// Weft's coded errors. One class, WeftError, carries a code; one table (`errorMapping`) says what each code is to
// tRPC and to HTTP, so the tRPC middleware and the REST adapter never keep a second list. An error is recognised by a
// brand under a registered symbol, not by its class identity or name: Next compiles instrumentation and route
// handlers into separate module graphs, each with its own copy of this class, and Symbol.for is shared by all.

const BRAND: unique symbol = Symbol.for("weft.error") as never;

export const ERROR_CODES = [
  "NOT_FOUND",
  "CONFLICT",
  "ACTIVE_JOB_EXISTS",
  "VALIDATION",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "TOO_MANY_REQUESTS",
  "DATABASE_UNAVAILABLE",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A field the caller must change, e.g. `{ path: ["schedule", "cron"], message }`. */
export type ErrorIssue = { path: (string | number)[]; message: string };

export class WeftError extends Error {
  readonly [BRAND] = true;
  readonly issues: ErrorIssue[];

  /** `instanceof` by brand, so a WeftError made by another copy of this module is one too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isWeftError(value);
  }

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { issues?: ErrorIssue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "WeftError";
    this.issues = options.issues ?? [];
  }
}

export function isWeftError(value: unknown, code?: ErrorCode): value is WeftError {
  if (typeof value !== "object" || value === null || (value as { [BRAND]?: unknown })[BRAND] !== true) return false;
  return code === undefined || (value as WeftError).code === code;
}

/** The first WeftError in `error` and its causes (a tRPC error wraps the original as `cause`). */
export function findWeftError(error: unknown): WeftError | null {
  let at = error;
  for (let depth = 0; depth < 8 && typeof at === "object" && at !== null; depth++) {
    if (isWeftError(at)) return at;
    at = (at as { cause?: unknown }).cause;
  }
  return null;
}

/** The tRPC codes Weft's errors become (a subset of @trpc/server's TRPC_ERROR_CODE_KEY, kept dependency-free). */
export type TrpcCode =
  "NOT_FOUND" | "CONFLICT" | "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "TOO_MANY_REQUESTS" | "SERVICE_UNAVAILABLE";

/**
 * The one table: each code's tRPC code and the HTTP status of the REST API (CONTRACT.md), whose body is
 * `{ "detail": message }` (422 answers list the issues FastAPI-style instead).
 */
export function errorMapping(code: ErrorCode): { trpc: TrpcCode; http: number } {
  switch (code) {
    case "NOT_FOUND":
      return { trpc: "NOT_FOUND", http: 404 };
    case "CONFLICT":
    case "ACTIVE_JOB_EXISTS":
      return { trpc: "CONFLICT", http: 409 };
    case "VALIDATION":
      return { trpc: "BAD_REQUEST", http: 422 };
    case "UNAUTHORIZED":
      return { trpc: "UNAUTHORIZED", http: 401 };
    case "FORBIDDEN":
      return { trpc: "FORBIDDEN", http: 403 };
    case "TOO_MANY_REQUESTS":
      return { trpc: "TOO_MANY_REQUESTS", http: 429 };
    case "DATABASE_UNAVAILABLE":
      return { trpc: "SERVICE_UNAVAILABLE", http: 503 };
  }
}

/** The REST status of a tRPC code that reached the adapter without a WeftError inside (from the same table). */
export function httpStatusOfTrpcCode(trpc: string): number | null {
  return ERROR_CODES.map(errorMapping).find((mapping) => mapping.trpc === trpc)?.http ?? null;
}

/** `<resource> not found: <id>` (404). */
export function notFound(resource: string, id: string): WeftError {
  return new WeftError("NOT_FOUND", `${resource} not found: ${id}`);
}

/** Input the caller must change (422 with the issues, BAD_REQUEST in tRPC). */
export function invalid(message: string, issues: ErrorIssue[] = []): WeftError {
  return new WeftError("VALIDATION", message, { issues });
}
