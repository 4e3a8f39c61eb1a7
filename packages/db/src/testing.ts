// Test databases: a fresh PostgreSQL database beside DATABASE_URL's when it is set (created here, dropped on
// cleanup), otherwise an in-memory PGlite. Test files run in parallel, so each gets its own.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "./database";
import { env } from "@weft/config";
import { keyId, type Keyring } from "./secrets/keyring";

export type TestDatabase = Database & { cleanup: () => Promise<void> };

async function adminQuery(url: string, sql: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty PostgreSQL database next to `baseUrl`'s and returns its URL. */
export async function createScratchPostgres(
  baseUrl: string,
  label: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `weft_${label}_${randomBytes(4).toString("hex")}`;
  await adminQuery(baseUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(baseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** The machine's own PostgreSQL (trust auth), which PostgreSQL-only tests and the postgresql source tests use. */
export const LOCAL_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/** Why the local PostgreSQL cannot be used (to say why tests are skipped), or null when it answers. */
export async function localPostgresUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: LOCAL_POSTGRES_URL, connectionTimeoutMillis: 2000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const testBackend: "postgres" | "pglite" = env.DATABASE_URL ? "postgres" : "pglite";

export async function openTestDatabase(label = "test"): Promise<TestDatabase> {
  if (!env.DATABASE_URL) {
    const db = await openDatabase({ kind: "pglite", dataDir: `memory://${label}` });
    return { ...db, cleanup: () => db.close() };
  }
  const scratch = await createScratchPostgres(env.DATABASE_URL, label);
  const db = await openDatabase({ kind: "postgres", url: scratch.url }).catch(async (error: unknown) => {
    await scratch.drop();
    throw error;
  });
  return {
    ...db,
    cleanup: async () => {
      await db.close();
      await scratch.drop();
    },
  };
}

export { explainPlan, planNodes, queryRecordingPrisma, type PlanNode, type SentQuery } from "./testing/query-plans";
export { seedAtScale, type ScaleShape, type ScaleTarget } from "./testing/scale-seed";

/** A keyring of base64 keys, the first one current: what a process with these keys would read secrets with. */
export function keyringOf(keys: string[]): Keyring {
  const all = keys.map((k) => ({ id: keyId(Buffer.from(k, "base64")), key: Buffer.from(k, "base64") }));
  const [current] = all;
  if (!current) throw new Error("no key");
  return { current, all, file: null };
}
