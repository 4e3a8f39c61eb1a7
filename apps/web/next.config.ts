import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

// The monorepo root: file tracing and Turbopack must see the workspace packages and the root prisma/ folder.
const workspaceRoot = fileURLToPath(new URL("../..", import.meta.url));

const config: NextConfig = {
  // Type checking is its own task (`pnpm typecheck`), not a side effect of the build.
  typescript: { ignoreBuildErrors: true },
  // Workspace packages export TypeScript source; Next compiles them.
  transpilePackages: ["@weft/api", "@weft/auth", "@weft/config", "@weft/db", "@weft/engine", "@weft/rest"],
  // Loaded from node_modules at run time, never bundled: they read .wasm/.data files or native code next to their
  // own sources (PGlite, Prisma's query compiler and schema engine, pg's optional native binding, pg-boss).
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/client",
    "@prisma/adapter-pg",
    "@prisma/schema-engine-wasm",
    "pg",
    "pg-boss",
    // One copy per process: pino's stream machinery and prom-client's registry are not meant to be bundled.
    "pino",
    "pino-pretty",
    "prom-client",
  ],
  outputFileTracingRoot: workspaceRoot,
  turbopack: { root: workspaceRoot },
};

export default config;
