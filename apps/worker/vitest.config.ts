import { defineConfig } from "vitest/config";

export default defineConfig({ test: { name: "worker", testTimeout: 180_000, hookTimeout: 60_000 } });
