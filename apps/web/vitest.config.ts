import { defineConfig } from "vitest/config";

// Unit and HTTP tests under src/ only: the browser tests in e2e/ are their own project (`pnpm test:e2e`).
export default defineConfig({
  test: { name: "web", include: ["src/**/*.test.{ts,tsx}"], testTimeout: 60000, hookTimeout: 60000 },
});
