import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { name: "engine", testTimeout: 90_000, hookTimeout: 60_000, env: { WEFT_LOG_LEVEL: "warn" } },
});
