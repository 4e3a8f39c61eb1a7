// The one reader of process.env in Weft: every setting is declared and validated here, and everything else imports
// `env` from this module. Unknown values fail at start with a message that names the variable.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  WEFT_DATA_DIR: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  WEFT_EMBEDDED_WORKER: flag.default(true),
  WEFT_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WEFT_WORKER_ID: z.string().min(1).optional(),
  WEFT_LEASE_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
  WEFT_DB_RETRY_SECONDS: z.coerce.number().min(0).max(3600).default(60),
  WEFT_SSE_HEARTBEAT_MS: z.coerce.number().int().min(50).default(30_000),
  WEFT_SESSION_SECRET: z.string().min(16).optional(),
  WEFT_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Set by pnpm/npm to the directory the command was typed in; relative paths are resolved against it. */
  INIT_CWD: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

function parseEnv(): Env {
  const result = schema.safeParse(process.env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid Weft configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

export const env: Env = parseEnv();

/** The repository root (where pnpm-workspace.yaml is), so defaults do not depend on which package runs. */
export function workspaceRoot(from: string = process.cwd()): string {
  let dir = resolve(/* turbopackIgnore: true */ from);
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir) return resolve(/* turbopackIgnore: true */ from);
    dir = parent;
  }
  return dir;
}

/** Where embedded PGlite keeps its data: WEFT_DATA_DIR, or `.weft/` at the repository root. */
export function dataDir(): string {
  if (!env.WEFT_DATA_DIR) return join(workspaceRoot(), ".weft");
  if (env.WEFT_DATA_DIR.startsWith("memory://")) return env.WEFT_DATA_DIR;
  return resolve(env.INIT_CWD ?? process.cwd(), env.WEFT_DATA_DIR);
}

/** The environment for a child process (tests, tools): this one's, with overrides; undefined removes a variable. */
export function childProcessEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const next: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next;
}
