// An unreachable database is a temporary condition, not a bug: every procedure reports it as SERVICE_UNAVAILABLE
// (HTTP 503 with Retry-After), never INTERNAL_SERVER_ERROR, so clients know to retry.
import { TRPCError } from "@trpc/server";
import { isDatabaseUnavailable } from "@weft/db";
import { errorMapping } from "@weft/errors";

export const RETRY_AFTER_SECONDS = 5;
export const DATABASE_UNAVAILABLE_MESSAGE = `The database is unavailable right now. Retry in ${RETRY_AFTER_SECONDS} seconds.`;

/** The error as SERVICE_UNAVAILABLE when the database could not be reached, else null. */
export function asServiceUnavailable(error: unknown): TRPCError | null {
  const code = errorMapping("DATABASE_UNAVAILABLE").trpc;
  if (error instanceof TRPCError && error.code === code) return error;
  if (!isDatabaseUnavailable(error)) return null;
  return new TRPCError({ code, message: DATABASE_UNAVAILABLE_MESSAGE, cause: error });
}
