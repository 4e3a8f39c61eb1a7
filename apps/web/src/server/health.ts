// GET /api/health: 200 once the database is migrated and bootstrapped and answers now; 503 while starting, after a
// failed start, or while the database is unreachable (`database: "unavailable"`, with Retry-After).
import { serverState } from "./state";

type HealthBody =
  | { status: "ok"; database: "pglite" | "postgres" }
  | { status: "unavailable"; database: "unavailable"; detail: string }
  | { status: "starting" }
  | { status: "error"; detail: string };

const PING_TIMEOUT_MS = 2000;

/** One `SELECT 1`, bounded so a hung connection answers 503 rather than never. */
async function databaseReachable(): Promise<boolean> {
  const { getDatabase } = await import("@weft/db"); // not at the top: @weft/db validates the environment on load
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS)));
  const ping = getDatabase()
    .then((db) => db.prisma.$queryRawUnsafe("SELECT 1"))
    .then(
      () => true,
      () => false,
    );
  return Promise.race([ping, timeout]).finally(() => clearTimeout(timer));
}

async function health(): Promise<{ httpStatus: 200 | 503; body: HealthBody }> {
  const state = serverState();
  if (state.phase === "ready") {
    if (await databaseReachable()) return { httpStatus: 200, body: { status: "ok", database: state.database } };
    return {
      httpStatus: 503,
      body: {
        status: "unavailable",
        database: "unavailable",
        detail: "The database is unreachable; Weft retries by itself.",
      },
    };
  }
  if (state.phase === "failed") return { httpStatus: 503, body: { status: "error", detail: state.error } };
  return { httpStatus: 503, body: { status: "starting" } };
}

export async function healthResponse(): Promise<Response> {
  const { httpStatus, body } = await health();
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (httpStatus === 503) headers["retry-after"] = "5";
  return Response.json(body, { status: httpStatus, headers });
}
