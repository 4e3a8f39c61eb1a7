// Starts `apps/worker` as a child process (what `pnpm --filter @weft/worker start` runs), for tests and benchmarks.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { childProcessEnv } from "@weft/config";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

export type WorkerProcess = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

export async function spawnWorker(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    cwd: PACKAGE_DIR, // where tsx is installed, as under `pnpm --filter @weft/worker start`
    env: childProcessEnv({ DATABASE_URL: databaseUrl, WEFT_LOG_LEVEL: "info", ...extraEnv }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!output.includes("ready")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`worker did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, output: () => output, exited };
}
