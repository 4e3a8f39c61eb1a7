import { defineConfig } from "vitest/config";

// Unit and HTTP tests under src/ only: the browser tests in e2e/ are their own project (`pnpm test:e2e`).
// Generous time budgets: these tests start real servers on fresh PGlite directories (initdb alone is 10–25 s on a
// loaded 2-core machine); nothing asserts on how long that takes.
export default defineConfig({
  test: { name: "web", include: ["src/**/*.test.{ts,tsx}"], testTimeout: 180_000, hookTimeout: 180_000 },
});
