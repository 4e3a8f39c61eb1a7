import { defineConfig } from "vitest/config";

// One vitest run over every package (projects), so `pnpm test` is one command with one summary.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*"],
  },
});
