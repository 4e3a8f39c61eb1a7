import { defineConfig } from "vitest/config";

export default defineConfig({ test: { name: "web", testTimeout: 60000, hookTimeout: 60000 } });
