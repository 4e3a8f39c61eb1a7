// `pnpm --filter @weft/worker start`: a standalone worker for scale-out on PostgreSQL. Run as many as you like beside
// the web processes; each claims jobs from the shared queue. SIGTERM/SIGINT hand running jobs back and exit.
import { closeDatabase, env, getDatabase, sealPlaintextCredentials } from "@weft/db";
import { createEngine } from "@weft/engine";

if (!env.DATABASE_URL) {
  console.error(
    "apps/worker needs DATABASE_URL (PostgreSQL). Embedded PGlite serves one process: without DATABASE_URL the web " +
      "process runs the worker itself (pnpm start).",
  );
  process.exit(2);
}

const db = await getDatabase();
await sealPlaintextCredentials(db.prisma); // credentials stored before encryption, if no web process did it yet
const engine = await createEngine(db, { worker: true });
console.log(`weft worker ${engine.worker?.workerId} ready (concurrency ${env.WEFT_WORKER_CONCURRENCY})`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`weft worker: ${signal}, handing running jobs back…`);
  await engine.close({ timeoutMs: 15_000 });
  await closeDatabase();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
