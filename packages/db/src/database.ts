// One way to reach the database in a process: real PostgreSQL (DATABASE_URL), or embedded PGlite (data in
// WEFT_DATA_DIR, default .weft/) run in a worker thread and served on a Unix socket, so both are reached the same way:
// a PostgreSQL connection string for @prisma/adapter-pg, pg-boss and LISTEN. Pending migrations are applied on open.
import { join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { lockDataDir } from "./data-dir-lock";
import { startEmbeddedServer } from "./embedded/server";
import { dataDir, env } from "@weft/config";
import { PrismaClient } from "./generated/prisma/client";
import { applyMigrations, postgresMigrationFactory } from "./migrations/index";

export type DatabaseTarget = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

export type Database = {
  target: DatabaseTarget;
  /** The PostgreSQL connection string (for PGlite: its socket in the data directory). */
  url: string;
  prisma: PrismaClient;
  /** Names of the migrations applied when this database was opened. */
  appliedMigrations: string[];
  close(): Promise<void>;
};

export function defaultTarget(): DatabaseTarget {
  return env.DATABASE_URL ? { kind: "postgres", url: env.DATABASE_URL } : { kind: "pglite", dataDir: dataDir() };
}

/** PGlite's data directory inside the Weft data dir, so the pid lock and the socket sit beside it. */
function pgliteDir(dir: string): string {
  return dir.startsWith("memory://") ? dir : join(dir, "pgdata");
}

async function connect(
  target: DatabaseTarget,
  url: string,
  migrate: boolean,
  release: () => Promise<void>,
): Promise<Database> {
  const appliedMigrations = migrate ? await applyMigrations(postgresMigrationFactory(url)) : [];
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 10 }),
    // Prisma's defaults (2 s to start, 5 s to finish) fail a burst of runs started at once with P2028 while the
    // pool's 10 connections are busy (PGlite: while its one session serves the others); every transaction of Weft
    // is a few short statements, so waiting longer is right and a stuck one still ends.
    transactionOptions: { maxWait: 15_000, timeout: 30_000 },
  });
  const close = async () => {
    await prisma.$disconnect();
    await release();
  };
  return { target, url, prisma, appliedMigrations, close };
}

export async function openDatabase(
  target: DatabaseTarget = defaultTarget(),
  options: { migrate?: boolean } = {},
): Promise<Database> {
  const migrate = options.migrate ?? true;
  if (target.kind === "postgres") return connect(target, target.url, migrate, async () => {});
  const inMemory = target.dataDir.startsWith("memory://");
  const unlock = inMemory ? () => {} : lockDataDir(target.dataDir);
  try {
    const server = await startEmbeddedServer(pgliteDir(target.dataDir), inMemory ? null : target.dataDir);
    const release = async () => {
      await server.close();
      unlock();
    };
    return await connect(target, server.url, migrate, release).catch(async (error: unknown) => {
      await server.close();
      throw error;
    });
  } catch (error) {
    unlock();
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
