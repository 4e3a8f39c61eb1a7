// Server start, run once per server process from instrumentation.ts: open (and migrate) the database, bootstrap the
// default organization, start the engine (queue, progress bus and — unless WEFT_EMBEDDED_WORKER=false — a worker),
// print the banner (a message for the person who started Weft, written as is, not a log line: on the first start it
// shows the demo key once). It never throws: a failure (invalid settings,
// a locked data directory, a failed migration) is printed and recorded so /api/health answers 503 with the reason.
import { banner, failureBanner } from "./banner";
import { ignoreClosedOutput } from "./closed-output";
import { closeOnSignals } from "./shutdown";
import { markFailed, markReady } from "./state";

export async function start(): Promise<void> {
  ignoreClosedOutput();
  try {
    // Imported here, not at the top: @weft/config validates the environment on load; that error belongs in the catch.
    const { env } = await import("@weft/config");
    const { closeDatabase, getDatabase } = await import("@weft/db");
    const { bootstrap } = await import("./bootstrap");
    const { closeEngine, getEngine } = await import("@weft/engine");
    const { logger } = await import("@weft/engine/log");
    closeOnSignals(async () => {
      await closeEngine(); // hands running jobs back to the queue
      await closeDatabase();
    });
    const db = await getDatabase();
    const { demoKey } = await bootstrap(db.prisma);
    await getEngine();
    markReady(db.target.kind);
    process.stdout.write(`${banner({ url: `http://localhost:${env.PORT}`, target: db.target, demoKey })}\n`);
    logger("server").info({ port: env.PORT, database: db.target.kind }, "ready");
  } catch (error) {
    markFailed(error);
    process.stderr.write(`${failureBanner(error)}\n`);
  }
}
