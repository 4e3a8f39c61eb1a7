import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The browser tests (`pnpm --filter @weft/web test:e2e`): the BUILT app in Debian's Chromium through playwright-core.
// Not part of the root `vitest run`: apps/web/vitest.config.ts includes src/ only. One app for the run (global-setup.ts);
// one file at a time, each with its own browser, since the files share that app and the timing assertions need the
// machine's CPUs.
export default defineConfig({
  cacheDir: fileURLToPath(new URL("../node_modules/.vite", import.meta.url)),
  test: {
    name: "e2e",
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["**/*.test.ts"],
    globalSetup: ["./global-setup.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
