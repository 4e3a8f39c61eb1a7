// The app under test, started as the README starts it: a key made with `pnpm weft keys create --org e2e` on a fresh
// data directory, then the BUILT web app (`next start`) on that same directory. The CLI runs first and exits before
// the server starts, since embedded PGlite lets only one process open a data directory.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childProcessEnv, workspaceRoot } from "@weft/config";
import { startBuiltWeb, webAppDir } from "../src/server/testing/built-server";

export type ApiInit = { method?: string; body?: unknown; key?: string };

export type E2eApp = {
  url: string;
  dataDir: string;
  /** The key the CLI printed, of organization "e2e". */
  key: string;
  /** fetch on the app with the key as `x-api-key` (or the one given). */
  api(path: string, init?: ApiInit): Promise<Response>;
  /** `api` that must answer 2xx; the parsed JSON body. */
  json<T>(path: string, init?: ApiInit): Promise<T>;
  output(): string;
  stop(): Promise<void>;
};

/** `pnpm weft keys create --org <org>` on `dataDir`; the key is the last line of stdout. */
export async function createKeyWithCli(dataDir: string, org: string): Promise<string> {
  const child = spawn("pnpm", ["weft", "keys", "create", "--org", org], {
    cwd: workspaceRoot(webAppDir),
    env: childProcessEnv({ WEFT_DATA_DIR: dataDir, DATABASE_URL: undefined, WEFT_LOG_LEVEL: "warn" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", (error) =>
      reject(
        new Error(
          `could not run pnpm (${error.message}): run the tests through pnpm, e.g. \`npx -y pnpm@12.21.0 test:e2e\``,
        ),
      ),
    );
    child.once("exit", resolve);
  });
  const key = stdout.trim().split("\n").at(-1)?.trim() ?? "";
  if (code !== 0 || !/^weft_[A-Za-z0-9_-]{20,}$/.test(key)) {
    throw new Error(
      `pnpm weft keys create --org ${org} failed (exit ${code}):\nstdout:\n${stdout}\nstderr:\n${stderr}`,
    );
  }
  return key;
}

/** What the global setup hands every test file (`inject("app")`). */
export type AppInfo = { url: string; dataDir: string; key: string };

/** fetch helpers on a running app, with its CLI key as `x-api-key` unless another is given. */
export function appClient(info: AppInfo): Pick<E2eApp, "api" | "json"> {
  const api = (path: string, init: ApiInit = {}) =>
    fetch(`${info.url}${path}`, {
      method: init.method ?? "GET",
      headers: {
        "x-api-key": init.key ?? info.key,
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const json = async <T>(path: string, init: ApiInit = {}): Promise<T> => {
    const res = await api(path, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  };
  return { api, json };
}

export async function startE2eApp(): Promise<E2eApp> {
  const dataDir = await mkdtemp(join(tmpdir(), "weft-e2e-"));
  try {
    const started = Date.now();
    const key = await createKeyWithCli(dataDir, "e2e");
    const keyed = Date.now();
    // Test e syncs a directory it makes under the system temp dir, and the webhooks test's receiver listens on
    // 127.0.0.2 (with short retries): both allowed explicitly, as an operator would.
    const web = await startBuiltWeb({
      dataDir,
      env: { WEFT_FILESYSTEM_ROOTS: tmpdir(), WEFT_OUTBOUND_ALLOW: "127.0.0.2", WEFT_WEBHOOK_RETRY_SCHEDULE: "1,1" },
    });
    console.log(
      `[app] key from the CLI in ${keyed - started} ms, next start healthy in ${Date.now() - keyed} ms at ${web.url}`,
    );
    const stop = async () => {
      await web.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
    return { url: web.url, dataDir, key, ...appClient({ url: web.url, dataDir, key }), output: web.output, stop };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
