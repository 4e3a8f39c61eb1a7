import { defineConfig } from "vitest/config";

export default defineConfig({ test: { name: "cli", testTimeout: 180_000, hookTimeout: 120_000 } });
