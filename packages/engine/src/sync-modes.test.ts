// Incremental vs full syncs through the whole engine, on real sources: the cursor, orphans and end states.
import { mkdtemp, rm, unlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { createAccessPolicy } from "./access";
import { createConnection, openTestEngine, storedEntityCount, waitForJob, type TestEngine } from "./testing";
import { JOB } from "@weft/job-model";

let engine: TestEngine;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "weft-fs-"));
  engine = await openTestEngine("modes", { access: createAccessPolicy({ filesystemRoots: [dir] }) });
});
afterAll(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

async function runToEnd(organizationId: string, sourceConnectionId: string, forceFullSync = false) {
  const job = await engine.startRun({ organizationId, sourceConnectionId, forceFullSync });
  return waitForJob(engine.db.prisma, job.id, [JOB.COMPLETED, JOB.FAILED, JOB.CANCELLED]);
}

describe(`sync modes (${testBackend})`, () => {
  it("incremental runs never delete; force_full_sync deletes orphans", async () => {
    const prisma = engine.db.prisma;
    const { connection, organization, sync } = await createConnection(prisma, "incremental_stub", {
      entity_count: 100,
      seed: 2,
    });
    expect(await runToEnd(organization.id, connection.id)).toMatchObject({
      status: JOB.COMPLETED,
      entitiesInserted: 100,
    });
    expect((await prisma.sync.findUniqueOrThrow({ where: { id: sync.id } })).cursor).toEqual({ last_index: 99 });

    await prisma.sourceConnection.update({
      where: { id: connection.id },
      data: { config: { entity_count: 130, seed: 2 } },
    });
    expect(await runToEnd(organization.id, connection.id)).toMatchObject({
      entitiesInserted: 30,
      entitiesKept: 0,
      entitiesDeleted: 0,
    });

    await prisma.sourceConnection.update({
      where: { id: connection.id },
      data: { config: { entity_count: 60, seed: 2 } },
    });
    expect(await runToEnd(organization.id, connection.id)).toMatchObject({
      status: JOB.COMPLETED,
      entitiesInserted: 0,
      entitiesDeleted: 0,
    });
    expect(await storedEntityCount(prisma, sync.id)).toBe(130);

    expect(await runToEnd(organization.id, connection.id, true)).toMatchObject({
      entitiesKept: 60,
      entitiesDeleted: 70,
    });
    expect(await storedEntityCount(prisma, sync.id)).toBe(60);
  });

  it("keeps the cursor after FAILED and CANCELLED", async () => {
    const prisma = engine.db.prisma;
    const { connection, organization, sync } = await createConnection(prisma, "incremental_stub", {
      entity_count: 10,
      seed: 4,
    });
    await runToEnd(organization.id, connection.id);
    const cursor = (await prisma.sync.findUniqueOrThrow({ where: { id: sync.id } })).cursor;
    expect(cursor).toEqual({ last_index: 9 });

    await prisma.sourceConnection.update({
      where: { id: connection.id },
      data: { config: { entity_count: 100_000, seed: 4, generation_delay_ms: 2 } },
    });
    const job = await engine.startRun({ organizationId: organization.id, sourceConnectionId: connection.id });
    await waitForJob(prisma, job.id, [JOB.RUNNING]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await engine.cancelJob({ organizationId: organization.id, jobId: job.id });
    const cancelled = await waitForJob(prisma, job.id, [JOB.CANCELLED, JOB.COMPLETED, JOB.FAILED]);
    expect(cancelled.status).toBe(JOB.CANCELLED);
    expect(cancelled.entitiesInserted).toBeGreaterThan(0);
    expect((await prisma.sync.findUniqueOrThrow({ where: { id: sync.id } })).cursor).toEqual(cursor);

    await prisma.sourceConnection.update({ where: { id: connection.id }, data: { config: { entity_count: -5 } } });
    const failed = await runToEnd(organization.id, connection.id);
    expect(failed).toMatchObject({ status: JOB.FAILED, errorCategory: "source_config" });
    expect(failed.error).toMatch(/entity_count/);
    expect((await prisma.sync.findUniqueOrThrow({ where: { id: sync.id } })).cursor).toEqual(cursor);
  });

  it("fails a job on a source error, keeps going on per-entity errors", async () => {
    const prisma = engine.db.prisma;
    const failing = await createConnection(prisma, "stub", { entity_count: 500, seed: 1, fail_after: 250 });
    const failed = await runToEnd(failing.organization.id, failing.connection.id);
    expect(failed).toMatchObject({ status: JOB.FAILED, errorCategory: "source_error" });
    // What was read before the failure is stored, and the counts say so exactly.
    expect(failed.entitiesInserted).toBe(250);
    expect(await storedEntityCount(prisma, failing.sync.id)).toBe(250);
    expect(failed.failedAt).not.toBeNull();
    expect(failed.completedAt).toBeNull();

    const flaky = await createConnection(prisma, "exception_stub", {
      entity_count: 100,
      seed: 1,
      fail_after: null,
      fail_every: 10,
    });
    const done = await runToEnd(flaky.organization.id, flaky.connection.id);
    expect(done.status).toBe(JOB.COMPLETED);
    expect(done.entitiesFailed).toBe(10);
    expect(done.entitiesInserted).toBe(90);
    expect((done.errorDetails as { samples: unknown[] }).samples.length).toBeGreaterThan(0);
  });

  it("syncs a directory: create, modify, delete files between runs", async () => {
    const prisma = engine.db.prisma;
    for (let i = 0; i < 5; i++) await writeFile(join(dir, `note-${i}.md`), `# Note ${i}\n`);
    await writeFile(join(dir, "image.bin"), Buffer.from([0, 1, 2, 3, 255]));
    const { connection, organization, sync } = await createConnection(prisma, "filesystem", { path: dir });
    expect(await runToEnd(organization.id, connection.id)).toMatchObject({
      status: JOB.COMPLETED,
      entitiesInserted: 6,
    });
    const encountered = (await prisma.syncJob.findFirstOrThrow({ where: { sourceConnectionId: connection.id } }))
      .entitiesEncountered;
    expect(encountered).toEqual({ TextFileEntity: 5, BinaryFileEntity: 1 });

    // Modify one, add one: the incremental run sees only those (timestamps moved past the cursor's safety margin).
    const later = new Date(Date.now() + 60_000);
    await writeFile(join(dir, "note-0.md"), "# Note 0, edited\n");
    await writeFile(join(dir, "note-new.md"), "# New\n");
    await utimes(join(dir, "note-0.md"), later, later);
    await utimes(join(dir, "note-new.md"), later, later);
    expect(await runToEnd(organization.id, connection.id)).toMatchObject({
      entitiesInserted: 1,
      entitiesUpdated: 1,
      entitiesDeleted: 0,
    });

    await unlink(join(dir, "note-1.md"));
    expect(await runToEnd(organization.id, connection.id, true)).toMatchObject({
      entitiesInserted: 0,
      entitiesUpdated: 0,
      entitiesKept: 6,
      entitiesDeleted: 1,
    });
    expect(await storedEntityCount(prisma, sync.id)).toBe(6);
  });
});
