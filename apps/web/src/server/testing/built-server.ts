// The BUILT web app (`next start`) on a free port and a fresh embedded database, for tests that go through real HTTP:
// no DATABASE_URL, so it runs on PGlite in its own temporary data directory. Needs `pnpm --filter @weft/web build`.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const webAppDir = fileURLToPath(new URL("../../..", import.meta.url));
export const webIsBuilt = existsSync(join(webAppDir, ".next", "BUILD_ID"));
export const NOT_BUILT_MESSAGE = "no apps/web/.next/BUILD_ID; run `pnpm --filter @weft/web build` first";

/** As apps/web's `start` script sets it: glibc's per-thread malloc arenas cost ~85 MB of RSS on an idle server. */
const START_MALLOC_ARENA_MAX = "2";
const DEMO_KEY = /weft_[A-Za-z0-9_-]{20,}/;
const STARTED = /Weft is running at|Weft could not start/;

export type BuiltWeb = {
  url: string;
  dataDir: string;
  /** The server's process id (`next start` runs as one process). */
  pid: number;
  /** The demo API key from the first-start banner (null on a data directory that was started before). */
  demoKey: string | null;
  output: () => string;
  /** Sends a real signal to the server process (SIGKILL for crash tests); `exited` settles when it is gone. */
  kill(signal: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: string | null }>;
  /** SIGTERM, then removes the data directory if this helper created it. */
  stop(): Promise<{ code: number | null; signal: string | null }>;
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function waitUntilHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/api/health`).catch(() => undefined);
    if (res?.status === 200) return;
    if (res) last = `${res.status} ${await res.text()}`;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`/api/health never answered 200 (last: ${last})`);
}

export async function startBuiltWeb(
  options: { dataDir?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<BuiltWeb> {
  if (!webIsBuilt) throw new Error(NOT_BUILT_MESSAGE);
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "weft-web-")));
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const child = spawn(process.execPath, [join(webAppDir, "node_modules", "next", "dist", "bin", "next"), "start"], {
    cwd: webAppDir,
    env: {
      PORT: String(port),
      WEFT_DATA_DIR: dataDir,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      MALLOC_ARENA_MAX: START_MALLOC_ARENA_MAX,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const result = await exited;
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    return result;
  };

  try {
    const deadline = Date.now() + (options.timeoutMs ?? 90_000);
    while (!STARTED.test(output)) {
      if (child.exitCode !== null) throw new Error(`next start exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for the banner:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    if (/Weft could not start/.test(output)) throw new Error(`next start failed:\n${output}`);
    await waitUntilHealthy(url, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    dataDir,
    pid: child.pid ?? NaN,
    demoKey: DEMO_KEY.exec(output)?.[0] ?? null,
    output: () => output,
    kill: (signal) => child.kill(signal),
    exited,
    stop,
  };
}
