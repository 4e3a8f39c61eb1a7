// The postgresql source through the whole engine against a real database: rows inserted, updated and deleted
// between runs give exact counts. Skipped (with the reason printed) where no PostgreSQL is reachable.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchPostgres, testBackend, LOCAL_POSTGRES_URL, localPostgresUnavailable } from "@weft/db/testing";
import { createAccessPolicy } from "./access";
import { createConnection, openTestEngine, waitForJob, type TestEngine } from "./testing";
import { JOB } from "@weft/job-model";

const SERVER_URL = LOCAL_POSTGRES_URL;
const unavailable = await localPostgresUnavailable();
if (unavailable) console.log(`postgresql sync tests skipped: no PostgreSQL at 127.0.0.1:5432 (${unavailable})`);
const reachable = unavailable === null;

describe.skipIf(!reachable)(`postgresql source end to end (store on ${testBackend})`, () => {
  let engine: TestEngine;
  let scratch: { url: string; drop(): Promise<void> };
  let source: pg.Client;
  beforeAll(async () => {
    engine = await openTestEngine("pgsync", { access: createAccessPolicy({ outboundAllow: ["127.0.0.1"] }) });
    scratch = await createScratchPostgres(SERVER_URL, "pgsource");
    source = new pg.Client({ connectionString: scratch.url });
    await source.connect();
    await source.query(`
      CREATE TABLE customers (id int PRIMARY KEY, name text, updated_at timestamptz NOT NULL DEFAULT now());
      INSERT INTO customers (id, name, updated_at) SELECT g, 'customer ' || g, '2024-01-01'::timestamptz FROM generate_series(1, 50) g;
      CREATE TABLE regions (code text PRIMARY KEY, label text);
      INSERT INTO regions VALUES ('eu', 'Europe'), ('us', 'United States');`);
  });
  afterAll(async () => {
    await source?.end();
    await scratch?.drop();
    await engine?.close();
  });

  it("counts inserted, updated, kept and deleted rows exactly; the password stays a secret", async () => {
    const prisma = engine.db.prisma;
    const database = new URL(scratch.url).pathname.slice(1);
    const { connection, organization } = await createConnection(
      prisma,
      "postgresql",
      { host: "127.0.0.1", port: 5432, database, user: "postgres", cursor_columns: { customers: "updated_at" } },
      { password: "not-needed-with-trust-auth" },
    );
    const run = async (forceFullSync = false) =>
      waitForJob(
        prisma,
        (await engine.startRun({ organizationId: organization.id, sourceConnectionId: connection.id, forceFullSync }))
          .id,
        [JOB.COMPLETED, JOB.FAILED],
      );

    const first = await run();
    expect(first).toMatchObject({ status: JOB.COMPLETED, entitiesInserted: 52 });
    expect(first.entitiesEncountered).toEqual({ "public.customers": 50, "public.regions": 2 });

    await source.query(`
      UPDATE customers SET name = 'renamed', updated_at = '2024-02-01' WHERE id IN (1, 2);
      INSERT INTO customers (id, name, updated_at) VALUES (51, 'new', '2024-02-01');
      DELETE FROM customers WHERE id = 3;
      UPDATE regions SET label = 'EU' WHERE code = 'eu';`);
    // Incremental: customers by cursor (2 updated + 1 new), regions in full (1 updated, 1 kept); nothing deleted.
    expect(await run()).toMatchObject({
      status: JOB.COMPLETED,
      entitiesInserted: 1,
      entitiesUpdated: 3,
      entitiesKept: 1,
      entitiesDeleted: 0,
    });
    // Full: every row read again, the deleted customer removed.
    expect(await run(true)).toMatchObject({
      status: JOB.COMPLETED,
      entitiesInserted: 0,
      entitiesUpdated: 0,
      entitiesKept: 52,
      entitiesDeleted: 1,
    });

    const stored = await prisma.sourceConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(JSON.stringify(stored.config)).not.toContain("not-needed");
  });
});
