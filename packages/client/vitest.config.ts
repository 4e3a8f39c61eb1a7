import { defineConfig } from "vitest/config";

export default defineConfig({ test: { name: "client", testTimeout: 120000, hookTimeout: 120000 } });
