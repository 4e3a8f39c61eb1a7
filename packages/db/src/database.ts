// One way to reach the database in a process: embedded PGlite (data in WEFT_DATA_DIR, default .weft/) when
// DATABASE_URL is unset, real PostgreSQL through @prisma/adapter-pg otherwise. Pending migrations are applied on open.
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { lockDataDir } from "./data-dir-lock";
import { dataDir, env } from "./env";
import { PrismaClient } from "./generated/prisma/client";
import { applyMigrations, pgliteMigrationFactory, postgresMigrationFactory } from "./migrations/index";

export type DatabaseTarget = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

export type Database = {
  target: DatabaseTarget;
  prisma: PrismaClient;
  /** The embedded instance (PGlite only): pg-boss and the progress bus run on it in-process. */
  pglite: PGlite | undefined;
  /** Names of the migrations applied when this database was opened. */
  appliedMigrations: string[];
  close(): Promise<void>;
};

export function defaultTarget(): DatabaseTarget {
  return env.DATABASE_URL ? { kind: "postgres", url: env.DATABASE_URL } : { kind: "pglite", dataDir: dataDir() };
}

/** PGlite's data directory inside the Weft data dir, so the pid lock and other files sit beside it. */
function pgliteDir(dir: string): string {
  return dir.startsWith("memory://") ? dir : join(dir, "pgdata");
}

export async function openDatabase(target: DatabaseTarget = defaultTarget(), options: { migrate?: boolean } = {}): Promise<Database> {
  const migrate = options.migrate ?? true;
  if (target.kind === "postgres") {
    const appliedMigrations = migrate ? await applyMigrations(postgresMigrationFactory(target.url)) : [];
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: target.url, max: 10 }) });
    return { target, prisma, pglite: undefined, appliedMigrations, close: () => prisma.$disconnect() };
  }
  const inMemory = target.dataDir.startsWith("memory://");
  const release = inMemory ? () => {} : lockDataDir(target.dataDir);
  try {
    const pglite = await PGlite.create(pgliteDir(target.dataDir));
    const appliedMigrations = migrate ? await applyMigrations(pgliteMigrationFactory(pglite)) : [];
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    const close = async () => {
      await prisma.$disconnect();
      await pglite.close();
      release();
    };
    return { target, prisma, pglite, appliedMigrations, close };
  } catch (error) {
    release();
    throw error;
  }
}

const holder = globalThis as typeof globalThis & { __weftDatabase?: Promise<Database> };

/** The process's one database, opened (and migrated) on first use. */
export function getDatabase(): Promise<Database> {
  holder.__weftDatabase ??= openDatabase().catch((error: unknown) => {
    holder.__weftDatabase = undefined;
    throw error;
  });
  return holder.__weftDatabase;
}

export async function closeDatabase(): Promise<void> {
  const pending = holder.__weftDatabase;
  holder.__weftDatabase = undefined;
  if (pending) await (await pending).close();
}
