// Migration-aware adapter factories for the schema engine: the target is reached over PostgreSQL's protocol (real
// PostgreSQL, or embedded PGlite's socket), and the shadow database (used to replay migrations for diffs) is always a throw-away in-memory PGlite that is closed when the
// engine disposes it.
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";

/**
 * pglite-prisma-adapter 0.7.2 does not await `exec` in executeScript, so a failing migration would be recorded as
 * applied. This awaits it and rethrows, and closes the PGlite on dispose.
 */
function hardenPGliteAdapter(adapter: SqlDriverAdapter, pglite: PGlite): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === "executeScript") {
        return async (script: string) => {
          await pglite.exec(script);
        };
      }
      if (prop === "dispose") {
        return async () => {
          await pglite.close();
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? (value.bind(target) as unknown) : value;
    },
  });
}

async function shadowPGlite(): Promise<SqlDriverAdapter> {
  const pglite = new PGlite();
  const adapter = await new PrismaPGlite(pglite).connect();
  return hardenPGliteAdapter(adapter, pglite);
}

/**
 * adapter-pg 7.10 runs a migration script split at every `;`, which cuts a function body (`$$ ...; ... $$`) apart.
 * This sends the script whole (the simple query protocol takes several statements, run as one implicit transaction).
 */
function wholeScriptAdapter(adapter: SqlDriverAdapter & { underlyingDriver(): pg.Pool }): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === "executeScript") {
        return async (script: string) => {
          await target.underlyingDriver().query(script);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? (value.bind(target) as unknown) : value;
    },
  });
}

export function postgresMigrationFactory(connectionString: string): SqlMigrationAwareDriverAdapterFactory {
  const base = new PrismaPg({ connectionString });
  return {
    provider: "postgres",
    adapterName: base.adapterName,
    connect: async () => wholeScriptAdapter(await base.connect()),
    // adapter-pg's own shadow database misbehaves; a PGlite shadow replays the same SQL.
    connectToShadowDb: shadowPGlite,
  };
}

/** For diffs that need no target database at all (drift check, create). */
export function shadowOnlyFactory(): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "@electric-sql/pglite",
    connect: shadowPGlite,
    connectToShadowDb: shadowPGlite,
  };
}
