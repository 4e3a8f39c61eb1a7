// Starts embedded PGlite in a worker thread, served over the PostgreSQL protocol on a Unix socket (see
// pglite-server.mjs), and returns the connection string that pg, adapter-pg and pg-boss use as for any PostgreSQL.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { workspaceRoot } from "@weft/config";

export type EmbeddedServer = { url: string; close(): Promise<void> };

/** pg connects to `<host>/.s.PGSQL.<port>`; Unix socket paths are limited to ~107 bytes. */
const SOCKET_FILE = ".s.PGSQL.5432";
const MAX_SOCKET_PATH = 100;

function serverScript(): string {
  return join(workspaceRoot(), "packages", "db", "src", "embedded", "pglite-server.mjs");
}

/** `pgliteDir` is PGlite's own directory or a memory:// URL; `socketDir` holds the socket when its path fits. */
export async function startEmbeddedServer(pgliteDir: string, socketDir: string | null): Promise<EmbeddedServer> {
  const ownDir = socketDir === null || join(socketDir, SOCKET_FILE).length > MAX_SOCKET_PATH;
  const dir = ownDir ? mkdtempSync(join(tmpdir(), "weft-pg-")) : socketDir;
  const socketPath = join(dir, SOCKET_FILE);
  // Reflect.construct: Turbopack would otherwise try to bundle the worker script; it must load as it is, at run time.
  const worker: Worker = Reflect.construct(Worker, [
    serverScript(),
    { workerData: { dataDir: pgliteDir, socketPath } },
  ]);
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const cleanup = () => {
    rmSync(ownDir ? dir : socketPath, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on("message", (msg: { type?: string }) => msg.type === "ready" && resolve());
      worker.once("error", reject);
      worker.once("exit", (code) =>
        reject(new Error(`The embedded database stopped while starting (exit code ${code}).`)),
      );
    });
  } catch (error) {
    await worker.terminate();
    cleanup();
    throw error;
  }
  // Past start-up, a failure of the thread means the database is gone: say so (queries then fail to connect).
  worker.on("error", (error) => console.error("Weft: the embedded database stopped:", error));
  const url = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`;
  const close = async () => {
    const closed = new Promise<void>((resolve) =>
      worker.on("message", (msg: { type?: string }) => msg.type === "closed" && resolve()),
    );
    worker.postMessage({ type: "close" });
    await Promise.race([closed, exited]);
    await worker.terminate();
    cleanup();
  };
  return { url, close };
}
