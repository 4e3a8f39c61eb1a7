// Unique violations recognised by their codes and constraint name, never by the text of a message: PostgreSQL's
// SQLSTATE 23505 (pg's DatabaseError carries `constraint`), and Prisma's P2002, whose driver adapter reports
// `originalCode: "23505"` with `constraint: { index }`.
import { WeftError } from "@weft/errors";

/** The partial unique index that allows one active job per connection (migration one_active_job_per_connection). */
export const ACTIVE_JOB_INDEX = "sync_job_one_active_per_connection";
/** A collection's readable_id is unique within its organization. */
export const COLLECTION_READABLE_ID_KEY = "collection_organization_id_readable_id_key";

/** The constraint a unique violation in `error` (or its causes) names, or null when it is not one. */
export function violatedUniqueConstraint(error: unknown, depth = 0): string | null {
  if (depth > 6 || typeof error !== "object" || error === null) return null;
  const record = error as Record<string, unknown>;
  if (record.code === "23505" && typeof record.constraint === "string") return record.constraint;
  if (record.originalCode === "23505" || record.kind === "UniqueConstraintViolation") {
    const constraint = record.constraint as { index?: unknown } | string | undefined;
    if (typeof constraint === "string") return constraint;
    if (typeof constraint?.index === "string") return constraint.index;
  }
  for (const nested of [record.cause, record.meta, record.driverAdapterError]) {
    const found = violatedUniqueConstraint(nested, depth + 1);
    if (found) return found;
  }
  return null;
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  return violatedUniqueConstraint(error) === constraint;
}

/** The partial unique index's conflict as ACTIVE_JOB_EXISTS (409); other errors pass through. */
export function asActiveJobConflict(error: unknown): unknown {
  return isUniqueViolation(error, ACTIVE_JOB_INDEX)
    ? new WeftError("ACTIVE_JOB_EXISTS", "A sync is already running for this connection", { cause: error })
    : error;
}
