import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { createConnection, openTestEngine, storedEntityCount, waitForJob, type TestEngine } from "./testing";
import { JOB } from "@weft/job-model";

let engine: TestEngine;
beforeAll(async () => {
  engine = await openTestEngine("engine");
});
afterAll(() => engine.close());

describe(`sync jobs end to end (${testBackend})`, () => {
  it("inserts on the first run, keeps on the second, deletes orphans when the source shrinks", async () => {
    const prisma = engine.db.prisma;
    const { connection, organization, sync } = await createConnection(prisma, "stub", { entity_count: 2000, seed: 7 });
    const run = () => engine.startRun({ organizationId: organization.id, sourceConnectionId: connection.id });

    const first = await waitForJob(prisma, (await run()).id, [JOB.COMPLETED, JOB.FAILED]);
    expect(first).toMatchObject({
      status: JOB.COMPLETED,
      entitiesInserted: 2000,
      entitiesUpdated: 0,
      entitiesKept: 0,
      entitiesDeleted: 0,
      entitiesFailed: 0,
    });
    expect(Object.values(first.entitiesEncountered as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(2000);
    expect(first.startedAt).not.toBeNull();
    expect(first.completedAt).not.toBeNull();
    expect(await storedEntityCount(prisma, sync.id)).toBe(2000);

    const second = await waitForJob(prisma, (await run()).id, [JOB.COMPLETED, JOB.FAILED]);
    expect(second).toMatchObject({
      status: JOB.COMPLETED,
      entitiesInserted: 0,
      entitiesKept: 2000,
      entitiesDeleted: 0,
    });

    await prisma.sourceConnection.update({
      where: { id: connection.id },
      data: { config: { entity_count: 1500, seed: 7 } },
    });
    const third = await waitForJob(prisma, (await run()).id, [JOB.COMPLETED, JOB.FAILED]);
    expect(third).toMatchObject({
      status: JOB.COMPLETED,
      entitiesInserted: 0,
      entitiesKept: 1500,
      entitiesDeleted: 500,
    });
    expect(await storedEntityCount(prisma, sync.id)).toBe(1500);

    const events = await prisma.syncJobEvent.findMany({ where: { jobId: third.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect((events.at(-1)?.payload as { status: string }).status).toBe(JOB.COMPLETED);
  });

  it("refuses a second run while one is active, and cancels a running job promptly", async () => {
    const prisma = engine.db.prisma;
    const { connection, organization, sync } = await createConnection(prisma, "stub", {
      entity_count: 100_000,
      seed: 3,
      generation_delay_ms: 1,
    });
    const job = await engine.startRun({ organizationId: organization.id, sourceConnectionId: connection.id });
    await expect(
      engine.startRun({ organizationId: organization.id, sourceConnectionId: connection.id }),
    ).rejects.toMatchObject({ code: "ACTIVE_JOB_EXISTS" });

    await waitForJob(prisma, job.id, [JOB.RUNNING]);
    await new Promise((resolve) => setTimeout(resolve, 800));
    const requested = Date.now();
    await engine.cancelJob({ organizationId: organization.id, jobId: job.id });
    const cancelled = await waitForJob(prisma, job.id, [JOB.CANCELLED, JOB.FAILED, JOB.COMPLETED], 10_000);
    const tookMs = Date.now() - requested;
    console.log(`cancel → CANCELLED in ${tookMs} ms`);
    expect(cancelled.status).toBe(JOB.CANCELLED);
    expect(cancelled.completedAt).not.toBeNull();
    expect(cancelled.entitiesInserted).toBeGreaterThan(0);
    expect(cancelled.entitiesInserted).toBe(await storedEntityCount(prisma, sync.id, job.id));
    const after = await prisma.sync.findUniqueOrThrow({ where: { id: sync.id } });
    expect(after.cursor).toBeNull();

    await expect(engine.cancelJob({ organizationId: organization.id, jobId: job.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("cancels a PENDING job at once", async () => {
    // An engine without a worker: nothing can claim the job, so it is PENDING when cancelled, every time.
    const idle = await openTestEngine("engine-pending", { worker: false });
    try {
      const prisma = idle.db.prisma;
      const { connection, organization } = await createConnection(prisma, "stub", { entity_count: 10 });
      const job = await idle.startRun({ organizationId: organization.id, sourceConnectionId: connection.id });
      expect((await prisma.syncJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe(JOB.PENDING);
      const cancelled = await idle.cancelJob({ organizationId: organization.id, jobId: job.id });
      expect(cancelled).toMatchObject({
        status: JOB.CANCELLED,
        errorCategory: "cancelled_by_user",
        startedAt: null,
        entitiesInserted: 0,
      });
      expect(cancelled.completedAt).not.toBeNull();
      const events = await prisma.syncJobEvent.findMany({ where: { jobId: job.id }, orderBy: { seq: "asc" } });
      expect(events.map((e) => (e.payload as { status: string }).status)).toEqual([JOB.PENDING, JOB.CANCELLED]);
    } finally {
      await idle.close();
    }
  });
});
