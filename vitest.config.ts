import { defineConfig } from "vitest/config";

// One vitest run over every package (projects), so `pnpm test` is one command with one summary. Most test files
// spend their time waiting on jobs and servers, not on the CPU, so two files run at once even on a 2-core machine
// (vitest's default would be one).
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*"],
    maxWorkers: 2,
  },
});
