// A full sync deletes only what the source says is gone: an entity, a subtree or a table that failed to read keeps
// every entity stored for it, and the next good full sync removes only what really disappeared.
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchPostgres, testBackend, LOCAL_POSTGRES_URL, localPostgresUnavailable } from "@weft/db/testing";
import { emptyCounts } from "./pipeline/counts";
import { processStream } from "./pipeline/process-stream";
import type { SourceItem } from "./sources/types";
import { createAccessPolicy } from "./access";
import { createConnection, openTestEngine, storedEntityCount, waitForJob, type TestEngine } from "./testing";
import { JOB } from "@weft/job-model";

const SERVER_URL = LOCAL_POSTGRES_URL;
const noServer = await localPostgresUnavailable();
if (noServer) console.warn(`partial-read table test skipped: no PostgreSQL source at 127.0.0.1:5432 (${noServer})`);

let engine: TestEngine;
beforeAll(async () => {
  // Sources here read temp directories and the local PostgreSQL: both must be allowed explicitly.
  engine = await openTestEngine("partial", {
    access: createAccessPolicy({ outboundAllow: ["127.0.0.1"], filesystemRoots: [tmpdir()] }),
  });
});
afterAll(async () => {
  await engine.close();
});

async function runToEnd(organizationId: string, sourceConnectionId: string) {
  const job = await engine.startRun({ organizationId, sourceConnectionId, forceFullSync: true });
  return waitForJob(engine.db.prisma, job.id, [JOB.COMPLETED, JOB.FAILED, JOB.CANCELLED]);
}

const samples = (job: { errorDetails: unknown }) =>
  (job.errorDetails as { samples: { stage: string; message: string }[] }).samples;

describe(`partial reads never delete (store on ${testBackend})`, () => {
  it("keeps entities that raised; the next good full sync deletes only what is gone", async () => {
    const prisma = engine.db.prisma;
    const { connection, organization, sync } = await createConnection(prisma, "exception_stub", {
      entity_count: 50,
      seed: 3,
      fail_after: null,
    });
    expect(await runToEnd(organization.id, connection.id)).toMatchObject({
      status: JOB.COMPLETED,
      entitiesInserted: 50,
    });

    await prisma.sourceConnection.update({
      where: { id: connection.id },
      data: { config: { entity_count: 50, seed: 3, fail_after: null, fail_every: 5 } },
    });
    const flaky = await runToEnd(organization.id, connection.id);
    expect(flaky).toMatchObject({ status: JOB.COMPLETED, entitiesFailed: 10, entitiesKept: 40, entitiesDeleted: 0 });
    expect(samples(flaky).find((s) => s.stage === "orphans")?.message).toMatch(/Kept 10 stored entities/);
    expect(await storedEntityCount(prisma, sync.id)).toBe(50);

    // The source now really has 45 entities and reads them all: exactly the 5 gone are deleted.
    await prisma.sourceConnection.update({
      where: { id: connection.id },
      data: { config: { entity_count: 45, seed: 3, fail_after: null } },
    });
    expect(await runToEnd(organization.id, connection.id)).toMatchObject({
      status: JOB.COMPLETED,
      entitiesKept: 45,
      entitiesDeleted: 5,
    });
    expect(await storedEntityCount(prisma, sync.id)).toBe(45);
  });

  it("keeps a subtree whose listing failed (pipeline with a source that reports it)", async () => {
    const prisma = engine.db.prisma;
    const { connection, sync } = await createConnection(prisma, "filesystem", { path: "/" });
    const job = await prisma.syncJob.create({
      data: { syncId: sync.id, sourceConnectionId: connection.id, organizationId: connection.organizationId },
    });
    const file = (id: string): SourceItem => ({ kind: "entity", type: "TextFileEntity", id, content: { id } });
    const run = async (items: SourceItem[]) => {
      const counts = emptyCounts();
      const errorSamples: never[] = [];
      // Item by item across awaits, as a source yields them.
      async function* stream() {
        for (const item of items) yield await Promise.resolve(item);
      }
      await processStream(stream(), {
        sql: prisma,
        syncId: sync.id,
        jobId: job.id,
        fullSync: true,
        signal: new AbortController().signal,
        counts,
        errorSamples,
      });
      return counts;
    };
    await run(["a.txt", "sub/x.txt", "sub/deep/y.txt", "subway.txt"].map(file));
    const listingFailed: SourceItem = {
      kind: "error",
      type: "Directory",
      id: "sub",
      error: new Error("EIO"),
      scope: { idPrefix: "sub/" },
    };
    // "subway.txt" is really gone (outside the failed subtree); sub/ is unknown this run and kept whole.
    expect(await run([file("a.txt"), listingFailed])).toMatchObject({ kept: 1, deleted: 1, failed: 1 });
    expect(await storedEntityCount(prisma, sync.id)).toBe(3);
    expect(await run([file("a.txt"), file("sub/x.txt")])).toMatchObject({ kept: 2, deleted: 1 });
    expect(await storedEntityCount(prisma, sync.id)).toBe(2);
  });

  it.skipIf(process.getuid?.() === 0)("keeps the files of an unreadable directory (filesystem source)", async () => {
    const prisma = engine.db.prisma;
    const dir = await mkdtemp(join(tmpdir(), "weft-partial-"));
    try {
      await mkdir(join(dir, "locked"));
      for (const name of ["a.md", "locked/b.md", "locked/c.md"]) await writeFile(join(dir, name), name);
      const { connection, organization, sync } = await createConnection(prisma, "filesystem", { path: dir });
      expect(await runToEnd(organization.id, connection.id)).toMatchObject({
        status: JOB.COMPLETED,
        entitiesInserted: 3,
      });
      await chmod(join(dir, "locked"), 0o000);
      expect(await runToEnd(organization.id, connection.id)).toMatchObject({
        status: JOB.COMPLETED,
        entitiesFailed: 1,
        entitiesDeleted: 0,
      });
      expect(await storedEntityCount(prisma, sync.id)).toBe(3);
    } finally {
      await chmod(join(dir, "locked"), 0o755).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(noServer !== null)("keeps the rows of a table whose SELECT failed (postgresql source)", async () => {
    const prisma = engine.db.prisma;
    const scratch = await createScratchPostgres(SERVER_URL, "partial");
    const reader = `weft_reader_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    try {
      // Row-level security calls a function that raises while `broken` is set: the reader's SELECT on orders fails.
      await admin.query(`
        CREATE ROLE ${reader} LOGIN;
        CREATE TABLE flags (broken boolean NOT NULL);
        INSERT INTO flags VALUES (false);
        CREATE FUNCTION check_orders() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
          BEGIN IF (SELECT broken FROM flags) THEN RAISE EXCEPTION 'orders are being rebuilt'; END IF; RETURN true; END $$;
        CREATE TABLE orders (region text, num text, PRIMARY KEY (region, num));
        INSERT INTO orders SELECT 'r' || g, 'n' || g FROM generate_series(1, 20) g;
        ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
        CREATE POLICY readable ON orders USING (check_orders());
        CREATE TABLE notes (id int PRIMARY KEY);
        INSERT INTO notes SELECT generate_series(1, 10);
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${reader};`);
      const database = new URL(scratch.url).pathname.slice(1);
      const { connection, organization, sync } = await createConnection(prisma, "postgresql", {
        host: "127.0.0.1",
        port: 5432,
        database,
        user: reader,
        tables: ["orders", "notes"],
      });
      expect(await runToEnd(organization.id, connection.id)).toMatchObject({
        status: JOB.COMPLETED,
        entitiesInserted: 30,
      });

      await admin.query(`UPDATE flags SET broken = true; DELETE FROM notes WHERE id > 8`);
      const broken = await runToEnd(organization.id, connection.id);
      expect(broken).toMatchObject({ status: JOB.COMPLETED, entitiesFailed: 1, entitiesKept: 8, entitiesDeleted: 2 });
      expect(
        samples(broken)
          .map((s) => s.message)
          .join("\n"),
      ).toMatch(/orders are being rebuilt[\s\S]*Kept 20 stored entities/);
      expect(await storedEntityCount(prisma, sync.id)).toBe(28);

      await admin.query(`UPDATE flags SET broken = false; DELETE FROM orders WHERE region = 'r1'`);
      expect(await runToEnd(organization.id, connection.id)).toMatchObject({
        status: JOB.COMPLETED,
        entitiesFailed: 0,
        entitiesKept: 27,
        entitiesDeleted: 1,
      });
      expect(await storedEntityCount(prisma, sync.id)).toBe(27);
    } finally {
      await admin.end();
      await scratch.drop();
      const root = new pg.Client({ connectionString: SERVER_URL });
      await root.connect();
      await root.query(`DROP ROLE IF EXISTS ${reader}`).finally(() => root.end());
    }
  });
});
