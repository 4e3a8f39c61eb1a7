// One app for the whole e2e run (the CLI and `next start` take ~30 s together): started here, handed to every test
// file as `inject("app")`, stopped at the end. Its log is left in test-results/e2e-server.log.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { webAppDir } from "../src/server/testing/built-server";
import { startE2eApp, type AppInfo } from "./app";

declare module "vitest" {
  export interface ProvidedContext {
    app: AppInfo;
  }
}

const RESULTS = new URL("../test-results/", import.meta.url);
const buildId = () => readFile(join(webAppDir, ".next", "BUILD_ID"), "utf8").catch(() => "(none)");

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const app = await startE2eApp();
  const builtAs = await buildId();
  project.provide("app", { url: app.url, dataDir: app.dataDir, key: app.key });
  return async () => {
    if ((await buildId()) !== builtAs) {
      console.warn(
        "[e2e] apps/web/.next was rebuilt while the tests ran: 500s on /_next/static, ChunkLoadError or missing client manifests in this run come from that, not from the app.",
      );
    }
    const log = app.output();
    await app.stop();
    await mkdir(RESULTS, { recursive: true });
    await writeFile(new URL("e2e-server.log", RESULTS), log);
  };
}
