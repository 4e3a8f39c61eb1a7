// The one reader of process.env in Weft: every setting is declared and validated here, and everything else imports
// `env` from this module. Unknown values fail at start with a message that names the variable.
import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { z } from "zod";

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** A comma-separated list: entries trimmed, empty ones dropped. */
const list = (entry: z.ZodType<string, string>) =>
  z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((e) => e.trim())
        .filter((e) => e !== ""),
    )
    .pipe(z.array(entry));

/** An outbound allowance: a host name, an IP, a CIDR (IP/prefix) or an absolute Unix socket directory. */
function isOutboundEntry(entry: string): boolean {
  if (entry.startsWith("/")) return true;
  const [ip, prefix, ...rest] = entry.split("/");
  if (prefix !== undefined) {
    const version = isIP(ip ?? "");
    return (
      rest.length === 0 && version !== 0 && /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128)
    );
  }
  if (isIP(entry.replace(/^\[(.*)\]$/, "$1"))) return true;
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(entry);
}

/** Base64 of exactly 32 bytes: an AES-256 key. */
const secretKey = z
  .string()
  .trim()
  .refine(
    (v) => /^[A-Za-z0-9+/]{43}=$/.test(v) && Buffer.from(v, "base64").length === 32,
    "must be the base64 of 32 random bytes (e.g. `openssl rand -base64 32`)",
  );

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  WEFT_DATA_DIR: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  WEFT_EMBEDDED_WORKER: flag.default(true),
  WEFT_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WEFT_WORKER_ID: z.string().min(1).optional(),
  /** Entities per write batch of a sync; unset: chosen by database (see syncBatchSize). */
  WEFT_SYNC_BATCH_SIZE: z.coerce.number().int().min(10).max(20_000).optional(),
  WEFT_LEASE_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
  WEFT_DB_RETRY_SECONDS: z.coerce.number().min(0).max(3600).default(60),
  WEFT_SSE_HEARTBEAT_MS: z.coerce.number().int().min(50).default(30_000),
  WEFT_SESSION_MAX_AGE_SECONDS: z.coerce.number().int().min(60).max(31_536_000).default(604_800),
  WEFT_SESSION_IDLE_SECONDS: z.coerce.number().int().min(60).max(31_536_000).default(86_400),
  WEFT_SECRET_KEY: secretKey.optional(),
  /** Older keys, comma-separated, used only to decrypt while `pnpm weft secrets rotate` moves secrets to the current one. */
  WEFT_SECRET_KEY_PREVIOUS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .pipe(z.array(secretKey)),
  /** Largest request body accepted on /v1, /api/trpc and /api/session (bytes); larger ones get 413. */
  WEFT_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(1024 * 1024),
  /** Jobs of one organization RUNNING at once across every worker; more wait PENDING in order. */
  WEFT_ORG_MAX_RUNNING_JOBS: z.coerce.number().int().min(1).max(10_000).default(2),
  /** Live subscriptions (SSE and tRPC) of one organization per server process; the next gets 429. */
  WEFT_SSE_MAX_PER_ORG: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** Longest a job may run before it ends FAILED "timeout" (at most 7 days, a JavaScript timer's range). */
  WEFT_JOB_MAX_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60 * 60)
    .default(21_600),
  /** Seconds between webhook delivery attempts after the first (each ±20 % jitter); its length + 1 = attempts in all. */
  WEFT_WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default("5,300,1800,7200,18000,36000,36000")
    .transform((v) =>
      v
        .split(",")
        .map((e) => e.trim())
        .filter((e) => e !== "")
        .map(Number),
    )
    .pipe(
      z
        .array(
          z
            .number()
            .min(0)
            .max(7 * 24 * 60 * 60),
        )
        .max(20),
    ),
  WEFT_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** Benchmarks only: NODE_OPTIONS for the web server `pnpm bench:sync` starts (e.g. a larger heap). */
  BENCH_NODE_OPTIONS: z.string().optional(),
  /** When set, GET /metrics answers only requests with `Authorization: Bearer <token>` (401 otherwise). */
  WEFT_METRICS_TOKEN: z.string().min(16, "use at least 16 characters (e.g. `openssl rand -hex 16`)").optional(),
  /** The standalone worker (apps/worker) serves its own GET /metrics on this port (default: no metrics server). */
  WEFT_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Where the `weft` CLI finds a running Weft. */
  WEFT_URL: z.string().url().default("http://localhost:3000"),
  /** The API key the `weft` CLI sends (x-api-key); create one with `pnpm weft keys create`. */
  WEFT_API_KEY: z.string().min(1).optional(),
  /** Hosts, IPs and CIDRs outbound connections may reach although private or local (default: none). */
  WEFT_OUTBOUND_ALLOW: list(
    z
      .string()
      .refine(
        isOutboundEntry,
        "each entry must be a host name, an IP, a CIDR such as 10.0.0.0/8, or an absolute socket path",
      ),
  ),
  /** Directories the filesystem source may read (default: none, so it refuses every path). */
  WEFT_FILESYSTEM_ROOTS: list(
    z
      .string()
      .refine(isAbsolute, "each entry must be an absolute directory")
      .transform((p) => resolve(p)),
  ),
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

const EMBEDDED_SYNC_BATCH_SIZE = 500;

/**
 * Entities per write batch of a sync: WEFT_SYNC_BATCH_SIZE, else by database. Embedded PGlite is one session that API
 * requests share with the sync, and a request waits for the batch statement in flight: smaller batches keep that wait
 * short. PostgreSQL runs requests beside the writes, so larger batches there only save round trips.
 */
export function syncBatchSize(): number {
  return env.WEFT_SYNC_BATCH_SIZE ?? (env.DATABASE_URL ? 2000 : EMBEDDED_SYNC_BATCH_SIZE);
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
