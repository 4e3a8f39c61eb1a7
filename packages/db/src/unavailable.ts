// Recognising "the database cannot be reached right now" (refused, dropped, shutting down) by its codes, wherever the
// driver put them (Prisma codes, driver-adapter kinds, SQLSTATEs, socket errnos), and riding it out with backoff.
import { env } from "@weft/config";
import { isWeftError, WeftError } from "@weft/errors";

const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const ADAPTER_KINDS = new Set(["ConnectionClosed", "DatabaseNotReachable", "SocketTimeout", "TlsConnectionError"]);
/** connection_exception (08…), admin/crash shutdown, cannot_connect_now ("the database system is shutting down"). */
const SQLSTATES = new Set(["57P01", "57P02", "57P03"]);
const ERRNOS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 6 || error === null || typeof error !== "object") return false;
  if (isWeftError(error, "DATABASE_UNAVAILABLE")) return true;
  const record = error as Record<string, unknown>;
  const code = typeof record.code === "string" ? record.code : "";
  if (PRISMA_CODES.has(code) || SQLSTATES.has(code) || ERRNOS.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof record.kind === "string" && ADAPTER_KINDS.has(record.kind)) return true;
  if (
    record.kind === "postgres" &&
    typeof record.code === "string" &&
    (SQLSTATES.has(record.code) || record.code.startsWith("08"))
  )
    return true;
  const nested = [
    record.cause,
    record.meta,
    record.driverAdapterError,
    ...(Array.isArray(record.errors) ? (record.errors as unknown[]) : []),
  ];
  return nested.some((value) => isDatabaseUnavailable(value, depth + 1));
}

export type RetryOptions = {
  retrySeconds?: number;
  signal?: AbortSignal;
  onRetry?(error: unknown, attempt: number): void;
};

/**
 * Runs `operation`, retrying it while the database is unavailable (backoff 250 ms doubling to 2 s) for up to
 * WEFT_DB_RETRY_SECONDS; then throws a WeftError DATABASE_UNAVAILABLE. Any other error is thrown at once. Only for
 * operations that are safe to repeat.
 */
export async function withDatabaseRetry<T>(operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.retrySeconds ?? env.WEFT_DB_RETRY_SECONDS) * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || isWeftError(error, "DATABASE_UNAVAILABLE")) throw error;
      const delay = Math.min(2000, 250 * 2 ** (attempt - 1));
      if (Date.now() + delay > deadline || options.signal?.aborted) {
        throw new WeftError(
          "DATABASE_UNAVAILABLE",
          `The database was unreachable for more than ${options.retrySeconds ?? env.WEFT_DB_RETRY_SECONDS} s (WEFT_DB_RETRY_SECONDS)`,
          { cause: error },
        );
      }
      options.onRetry?.(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
