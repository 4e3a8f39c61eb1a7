// Runs the BUILT app (`next start`) on a fresh embedded database: first start prints the banner with the demo API key
// and becomes healthy; SIGTERM closes the database and releases its lock; a second start on the same data directory
// is healthy and does not print a key again.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./testing/built-server";

const appDir = fileURLToPath(new URL("../..", import.meta.url));
const built = existsSync(join(appDir, ".next", "BUILD_ID"));
const KEY = /weft_[A-Za-z0-9_-]{20,}/;

if (!built) console.warn("[web] skipping start.test.ts: no .next/BUILD_ID; run `pnpm --filter @weft/web build` first");

type Server = {
  process: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: string | null }>;
};

/** `next start` with only the variables it needs: no DATABASE_URL, so it runs on embedded PGlite in `dataDir`. */
function startServer(dataDir: string, port: number): Server {
  const child = spawn(process.execPath, [join(appDir, "node_modules", "next", "dist", "bin", "next"), "start"], {
    cwd: appDir,
    env: { PORT: String(port), WEFT_DATA_DIR: dataDir, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { process: child, output: () => output, exited };
}

async function waitFor(server: Server, what: RegExp, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!what.test(server.output())) {
    if (server.process.exitCode !== null) throw new Error(`next start exited early:\n${server.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function healthyBody(port: number, timeoutMs = 30_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    const res = await fetch(`http://localhost:${port}/api/health`).catch(() => undefined);
    if (res?.status === 200) return res.json();
    if (res) last = `${res.status} ${await res.text()}`;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`/api/health never answered 200 (last: ${last})`);
}

async function stop(server: Server) {
  server.process.kill("SIGTERM");
  return server.exited;
}

describe.skipIf(!built)("next start (built app)", () => {
  let dataDir = "";
  const running: Server[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "weft-web-test-"));
  });

  afterAll(async () => {
    for (const server of running)
      if (server.process.exitCode === null && server.process.signalCode === null) await stop(server);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("first start: prints the URL and the demo key once, becomes healthy, releases the lock on SIGTERM", async () => {
    const port = await freePort();
    const server = startServer(dataDir, port);
    running.push(server);
    await waitFor(server, /Weft is running at|Weft could not start/);

    expect(server.output()).toContain(`Weft is running at http://localhost:${port}`);
    expect(server.output()).toMatch(KEY);
    expect(server.output()).toContain("shown only once");
    expect(await healthyBody(port)).toEqual({ status: "ok", database: "pglite" });
    const home = await fetch(`http://localhost:${port}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("connections");

    expect(existsSync(join(dataDir, "weft.pid"))).toBe(true);
    // 143: our handler closed the database, then handed SIGTERM to Next's own handler, which exits 128 + 15.
    expect(await stop(server)).toEqual({ code: 143, signal: null });
    expect(existsSync(join(dataDir, "weft.pid"))).toBe(false);
  });

  it("second start on the same data directory: healthy, no key printed", async () => {
    const port = await freePort();
    const server = startServer(dataDir, port);
    running.push(server);
    await waitFor(server, /Weft is running at|Weft could not start/);

    expect(server.output()).toContain(`Weft is running at http://localhost:${port}`);
    expect(server.output()).not.toMatch(KEY);
    expect(await healthyBody(port)).toEqual({ status: "ok", database: "pglite" });
    await stop(server);
  });
});
