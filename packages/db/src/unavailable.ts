// Recognising "the database cannot be reached right now" (refused, dropped, shutting down) by its codes, wherever the
// driver put them (Prisma codes, driver-adapter kinds, SQLSTATEs, socket errnos), and riding it out with backoff.
import { env } from "./env";
import { isErrorNamed } from "./errors";

const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const ADAPTER_KINDS = new Set(["ConnectionClosed", "DatabaseNotReachable", "SocketTimeout", "TlsConnectionError"]);
/** connection_exception (08…), admin/crash shutdown, cannot_connect_now ("the database system is shutting down"). */
const SQLSTATES = new Set(["57P01", "57P02", "57P03"]);
const ERRNOS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

/** The database was unreachable for longer than this process waits (WEFT_DB_RETRY_SECONDS). */
export class DatabaseUnavailableError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isErrorNamed(value, "DatabaseUnavailableError");
  }
  constructor(message = "The database is unavailable", options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DatabaseUnavailableError";
  }
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 6 || error === null || typeof error !== "object") return false;
  if (error instanceof DatabaseUnavailableError) return true;
  const record = error as Record<string, unknown>;
  const code = typeof record.code === "string" ? record.code : "";
  if (PRISMA_CODES.has(code) || SQLSTATES.has(code) || ERRNOS.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof record.kind === "string" && ADAPTER_KINDS.has(record.kind)) return true;
  if (record.kind === "postgres" && typeof record.code === "string" && (SQLSTATES.has(record.code) || record.code.startsWith("08"))) return true;
  const nested = [record.cause, record.meta, record.driverAdapterError, ...(Array.isArray(record.errors) ? (record.errors as unknown[]) : [])];
  return nested.some((value) => isDatabaseUnavailable(value, depth + 1));
}

export type RetryOptions = { retrySeconds?: number; signal?: AbortSignal; onRetry?(error: unknown, attempt: number): void };

/**
 * Runs `operation`, retrying it while the database is unavailable (backoff 250 ms doubling to 2 s) for up to
 * WEFT_DB_RETRY_SECONDS; then throws DatabaseUnavailableError. Any other error is thrown at once. Only for
 * operations that are safe to repeat.
 */
export async function withDatabaseRetry<T>(operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.retrySeconds ?? env.WEFT_DB_RETRY_SECONDS) * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || error instanceof DatabaseUnavailableError) throw error;
      const delay = Math.min(2000, 250 * 2 ** (attempt - 1));
      if (Date.now() + delay > deadline || options.signal?.aborted) {
        throw new DatabaseUnavailableError(
          `The database was unreachable for more than ${options.retrySeconds ?? env.WEFT_DB_RETRY_SECONDS} s (WEFT_DB_RETRY_SECONDS)`,
          { cause: error },
        );
      }
      options.onRetry?.(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
