// Database errors turned into typed domain errors, so callers never parse driver messages themselves.

export const ACTIVE_JOB_INDEX = "sync_job_one_active_per_connection";

/**
 * `instanceof` by name: Next compiles instrumentation (which starts the engine) and route handlers into separate
 * module graphs, so an error made by one copy of a module must still be recognised by a class of the other copy.
 */
export function isErrorNamed(value: unknown, name: string): boolean {
  return value instanceof Error && value.name === name;
}

export class ActiveJobExistsError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isErrorNamed(value, "ActiveJobExistsError");
  }
  constructor(readonly sourceConnectionId: string) {
    super("A sync is already running for this connection");
    this.name = "ActiveJobExistsError";
  }
}

/** Every string found in an error and its causes/meta, for matching SQLSTATEs and constraint names. */
function errorText(error: unknown, depth = 0): string {
  if (depth > 4 || error === null || error === undefined) return "";
  if (typeof error !== "object") return typeof error === "string" || typeof error === "number" ? String(error) : "";
  const parts: string[] = [];
  for (const value of Object.values(error as Record<string, unknown>)) parts.push(errorText(value, depth + 1));
  if (error instanceof Error) parts.push(error.message, errorText(error.cause, depth + 1));
  return parts.join(" ");
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const text = errorText(error);
  return text.includes(constraint) && (text.includes("23505") || text.includes("P2002") || /unique/i.test(text));
}

/** Rethrows the partial unique index's conflict as ActiveJobExistsError; other errors pass through. */
export function asActiveJobConflict(error: unknown, sourceConnectionId: string): unknown {
  return isUniqueViolation(error, ACTIVE_JOB_INDEX) ? new ActiveJobExistsError(sourceConnectionId) : error;
}
