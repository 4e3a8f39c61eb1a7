import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresqlSource } from "./postgresql";
import { createAccessPolicy } from "../access";
import { runSource, type RunOptions } from "./testing";
import { SourceError, type SourceEntity } from "./types";

// The real local PostgreSQL (trust auth). Without one, these tests are skipped, not failed.
const SERVER = { host: "127.0.0.1", port: 5432, user: "postgres" };

async function probe(): Promise<string | null> {
  const client = new pg.Client({ ...SERVER, database: "postgres", connectionTimeoutMillis: 2000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const unavailable = await probe();
if (unavailable !== null) {
  console.warn(`Skipping postgresql source tests: no PostgreSQL at ${SERVER.host}:${SERVER.port} (${unavailable})`);
}

const database = `weft_src_test_${randomBytes(6).toString("hex")}`;
let db: pg.Client;
const base = { ...SERVER, database };
/** Runs the source with the local server (127.0.0.1) explicitly allowed. */
const readLocal = (config: unknown, options: RunOptions = {}) =>
  runSource(postgresqlSource, config, { access: createAccessPolicy({ outboundAllow: ["127.0.0.1"] }), ...options });
const ids = (entities: SourceEntity[], type: string) => entities.filter((e) => e.type === type).map((e) => e.id);

describe.skipIf(unavailable !== null)("postgresql source", () => {
  beforeAll(async () => {
    const admin = new pg.Client({ ...SERVER, database: "postgres" });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    db = new pg.Client(base);
    await db.connect();
    await db.query(`
      CREATE TABLE accounts (
        id serial PRIMARY KEY, name text NOT NULL, balance numeric(12, 2), big bigint, created_at timestamptz,
        local_ts timestamp, birthday date, avatar bytea, tags text[], data jsonb, ratio double precision);
      CREATE TABLE memberships (org_id int, user_id int, role text, PRIMARY KEY (org_id, user_id));
      CREATE TABLE events (id bigint PRIMARY KEY, kind text, updated_at timestamptz NOT NULL);
      CREATE TABLE audit_log (message text);
      CREATE SCHEMA crm;
      CREATE TABLE crm.contacts (email text PRIMARY KEY, name text);
      INSERT INTO accounts (name, balance, big, created_at, local_ts, birthday, avatar, tags, data, ratio) VALUES
        ('Ada', 1234.50, 9007199254740993, '2024-03-01 12:00:00.123+00', '2024-03-01 12:00:00.654321',
         '1990-12-10', '\\x00ff10', '{a,b}', '{"plan": "pro", "seats": 3}', 'Infinity'),
        ('Grace', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0.5),
        ('Alan', 0, 1, '2024-01-01 00:00:00+00', NULL, NULL, NULL, '{}', '[]', 1);
      INSERT INTO memberships VALUES (1, 1, 'owner'), (1, 2, 'member'), (2, 1, 'member'), (2, 3, 'admin'), (3, 1, 'x');
      INSERT INTO events SELECT g, 'created', '2024-01-01 00:00:00+00'::timestamptz + g * interval '1 minute'
        FROM generate_series(1, 7) g;
      INSERT INTO audit_log VALUES ('no primary key here');
      INSERT INTO crm.contacts VALUES ('a@example.com', 'A'), ('b@example.com', 'B');
    `);
  });

  afterAll(async () => {
    await db?.end().catch(() => {});
    const admin = new pg.Client({ ...SERVER, database: "postgres" });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it("declares the password as a secret", () => {
    expect(postgresqlSource.secretFields).toEqual(["password"]);
    expect(postgresqlSource.supportsContinuous).toBe(true);
  });

  it("reads every row of every table in batches, keyed by primary key, with JSON-safe content", async () => {
    const run = await readLocal({ ...base, batch_size: 2 });
    expect(run.failure).toBeUndefined();
    expect(ids(run.entities, "public.accounts")).toEqual(["1", "2", "3"]);
    expect(ids(run.entities, "public.memberships")).toEqual(["1:1", "1:2", "2:1", "2:3", "3:1"]);
    expect(ids(run.entities, "public.events")).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    expect(run.entities).toHaveLength(15);
    expect(run.errors.map((e) => [e.type, e.id])).toEqual([["public.audit_log", "audit_log"]]);
    expect(run.errors[0]?.error.message).toContain("no primary key");
    expect(run.entities.find((e) => e.type === "public.accounts" && e.id === "1")?.content).toEqual({
      id: 1,
      name: "Ada",
      balance: "1234.50",
      big: "9007199254740993",
      created_at: "2024-03-01T12:00:00.123Z",
      local_ts: "2024-03-01 12:00:00.654321",
      birthday: "1990-12-10",
      avatar: Buffer.from([0x00, 0xff, 0x10]).toString("base64"),
      tags: ["a", "b"],
      data: { plan: "pro", seats: 3 },
      ratio: "Infinity",
    });
    expect(JSON.parse(JSON.stringify(run.entities))).toEqual(run.entities);
    expect(run.cursor).toBeNull();
  });

  it("encodes composite keys without collisions; plain values keep their ids", async () => {
    await db.query(`CREATE TABLE pairs (a text, b text, PRIMARY KEY (a, b));
      INSERT INTO pairs VALUES ('a:b', 'c'), ('a', 'b:c'), ('a\\', ':c'), ('a\\:', 'c'), ('x', 'y')`);
    try {
      const run = await readLocal({ ...base, tables: ["pairs"] });
      const got = ids(run.entities, "public.pairs");
      expect(new Set(got).size).toBe(5);
      expect(got).toContain("x:y");
      expect(got).toContain("a\\:b:c");
      expect(got).toContain("a:b\\:c");
    } finally {
      await db.query("DROP TABLE pairs");
    }
  });

  it("reads only the listed tables, and another schema", async () => {
    const listed = await readLocal({ ...base, tables: ["memberships"] });
    expect(listed.items.map((e) => e.type)).toEqual(Array(5).fill("public.memberships"));
    const crm = await readLocal({ ...base, schema: "crm" });
    expect(ids(crm.entities, "crm.contacts")).toEqual(["a@example.com", "b@example.com"]);
  });

  it("is incremental per table by its cursor column; other tables are read in full", async () => {
    const config = {
      ...base,
      tables: ["events", "memberships"],
      cursor_columns: { events: "updated_at" },
      batch_size: 2,
    };
    const first = await readLocal(config);
    expect(first.entities).toHaveLength(12);
    expect(first.cursor).toEqual({
      schema: "public",
      tables: { events: "2024-01-01 00:07:00+00" },
      columns: { events: "updated_at" },
    });

    const none = await readLocal(config, { cursor: first.cursor });
    expect(ids(none.entities, "public.events")).toEqual([]);
    expect(ids(none.entities, "public.memberships")).toHaveLength(5);
    expect(none.cursor).toEqual(first.cursor);

    // Five rows share one new timestamp (more than a batch): keyset pagination must read each exactly once.
    await db.query(`
      UPDATE events SET kind = 'updated', updated_at = '2024-02-01 00:00:00+00' WHERE id IN (2, 5);
      INSERT INTO events VALUES (8, 'created', '2024-02-01 00:00:00+00'), (9, 'created', '2024-02-01 00:00:00+00'),
        (10, 'created', '2024-02-01 00:00:00+00'), (11, 'created', '2024-03-01 00:00:00+00');
    `);
    const second = await readLocal(config, { cursor: first.cursor });
    expect(ids(second.entities, "public.events")).toEqual(["2", "5", "8", "9", "10", "11"]);
    expect(second.entities.find((e) => e.id === "5")?.content).toMatchObject({ kind: "updated" });
    expect(second.cursor).toMatchObject({ tables: { events: "2024-03-01 00:00:00+00" } });

    const full = await readLocal(config);
    expect(ids(full.entities, "public.events")).toHaveLength(11);
  });

  it("ignores a stored value when the table's cursor column changed", async () => {
    const cursor = { schema: "public", tables: { events: "9999" }, columns: { events: "id" } };
    const run = await readLocal({ ...base, tables: ["events"], cursor_columns: { events: "updated_at" } }, { cursor });
    expect(run.entities.length).toBeGreaterThanOrEqual(7);
  });

  it("reports config mistakes as source_config errors that say what to fix", async () => {
    const table = await readLocal({ ...base, tables: ["accounts", "nope"] });
    expect((table.failure as SourceError).category).toBe("source_config");
    expect((table.failure as SourceError).message).toMatch(/"nope" not found in schema "public".*Fix tables/);
    const schema = await readLocal({ ...base, schema: "missing" });
    expect((schema.failure as SourceError).message).toContain('Schema "missing" does not exist');
    const column = await readLocal({ ...base, cursor_columns: { events: "changed" } });
    expect((column.failure as SourceError).message).toContain('no column "changed". Fix cursor_columns');
  });

  it("never puts the password in an error message", async () => {
    const password = "s3cret-Pa55word";
    const unreachable = await readLocal({ ...base, port: 1 }, { credentials: { password } });
    expect(unreachable.failure).toBeInstanceOf(SourceError);
    expect((unreachable.failure as SourceError).category).toBe("source_unreachable");
    expect((unreachable.failure as SourceError).message).toContain("Check host and port");
    expect(String((unreachable.failure as SourceError).stack)).not.toContain(password);

    // The server echoes the database name back, so a name containing the password puts it in the raw error.
    const echoed = await readLocal({ ...base, database: `db_${password}` }, { credentials: { password } });
    const error = echoed.failure as SourceError;
    expect(error).toBeInstanceOf(SourceError);
    expect(error.category).toBe("source_config");
    expect(error.message).toContain('"db_***"');
    expect(error.message).not.toContain(password);
    expect(error.cause).toBeUndefined();
  });

  it("reports a rejected login as source_auth", async () => {
    const password = "an0ther-secret";
    const run = await readLocal({ ...base, user: "no_such_role_weft" }, { credentials: { password } });
    const error = run.failure as SourceError;
    expect(error).toBeInstanceOf(SourceError);
    expect(error.category).toBe("source_auth");
    expect(error.message).toContain("Check user and password");
    expect(error.message).not.toContain(password);
  });

  it("stops between batches when aborted", async () => {
    const controller = new AbortController();
    const run = await readLocal(
      { ...base, tables: ["events"], batch_size: 1 },
      { signal: controller.signal, onItem: (_, index) => index === 1 && controller.abort() },
    );
    expect(run.failure).toBeUndefined();
    expect(run.items).toHaveLength(2);
  });
});
