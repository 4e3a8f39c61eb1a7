// `pnpm --filter @weft/worker start`: a standalone worker for scale-out on PostgreSQL. Run as many as you like beside
// the web processes; each claims jobs from the shared queue. SIGTERM/SIGINT hand running jobs back and exit.
// With WEFT_METRICS_PORT set it serves its own GET /metrics there (what this process counted).
import { env } from "@weft/config";
import { closeDatabase, getDatabase, sealPlaintextCredentials } from "@weft/db";
import { createEngine } from "@weft/engine";
import { logger } from "@weft/engine/log";
import { startMetricsServer } from "@weft/engine/metrics";

const log = logger("worker");

if (!env.DATABASE_URL) {
  log.error(
    "apps/worker needs DATABASE_URL (PostgreSQL). Embedded PGlite serves one process: without DATABASE_URL the web " +
      "process runs the worker itself (pnpm start).",
  );
  process.exit(2);
}

const db = await getDatabase();
await sealPlaintextCredentials(db.prisma); // credentials stored before encryption, if no web process did it yet
const engine = await createEngine(db, { worker: true });
const metricsServer = env.WEFT_METRICS_PORT ? await startMetricsServer(env.WEFT_METRICS_PORT, db) : null;
// The start-up line, like the web banner: printed whatever WEFT_LOG_LEVEL says (supervisors and tests wait for it).
process.stdout.write(`weft worker ${engine.worker?.workerId} ready (concurrency ${env.WEFT_WORKER_CONCURRENCY})\n`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "handing running jobs back");
  metricsServer?.close();
  await engine.close({ timeoutMs: 15_000 });
  await closeDatabase();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
