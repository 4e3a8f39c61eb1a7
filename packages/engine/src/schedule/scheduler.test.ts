import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { createJobQueue, type JobQueue } from "../queue/index";
import { createConnection, openTestEngine, waitForJob, type TestEngine } from "../testing";
import { runDueSchedules } from "./scheduler";
import { setSchedule } from "./set-schedule";
import { JOB } from "@weft/job-model";

let engine: TestEngine;
let otherQueue: JobQueue; // a second "worker" racing for the same due times
beforeAll(async () => {
  // The background scheduler is slowed down so only the test decides when "now" is.
  engine = await openTestEngine("schedules", { schedulerIntervalMs: 3_600_000 });
  otherQueue = await createJobQueue(engine.db);
});
afterAll(async () => {
  await otherQueue.stop({ timeoutMs: 1000 });
  await engine.close();
});

describe(`schedules (${testBackend})`, () => {
  it("starts exactly one job per due time however many workers race, and skips while one is active", async () => {
    const prisma = engine.db.prisma;
    const { connection, organization, sync } = await createConnection(prisma, "stub", { entity_count: 20, seed: 1 });
    const t0 = new Date("2030-01-01T10:00:30Z");
    await setSchedule(prisma, sync.id, "* * * * *", t0);
    expect((await prisma.sync.findUniqueOrThrow({ where: { id: sync.id } })).nextRunAt).toEqual(
      new Date("2030-01-01T10:01:00Z"),
    );

    const race = async (now: Date) =>
      (
        await Promise.all([runDueSchedules(engine.db, engine.queue, now), runDueSchedules(engine.db, otherQueue, now)])
      ).flat();

    const first = await race(new Date("2030-01-01T10:01:00.500Z"));
    expect(first).toHaveLength(1);
    expect(first[0]?.outcome).toBe("started");
    const job = await waitForJob(prisma, first[0]?.jobId ?? "", [JOB.COMPLETED, JOB.FAILED]);
    expect(job).toMatchObject({ scheduled: true, status: JOB.COMPLETED, entitiesInserted: 20 });
    expect(await race(new Date("2030-01-01T10:01:30Z"))).toHaveLength(0); // not due again yet

    const active = await engine.startRun({ organizationId: organization.id, sourceConnectionId: connection.id });
    const second = await race(new Date("2030-01-01T10:02:00.100Z"));
    expect(second).toEqual([expect.objectContaining({ outcome: "skipped_active", jobId: active.id })]);
    await waitForJob(prisma, active.id, [JOB.COMPLETED, JOB.FAILED]);

    // A restart after downtime: the missed due times run once, then the schedule continues from now.
    const third = await race(new Date("2030-01-01T10:07:10Z"));
    expect(third).toHaveLength(1);
    expect((await prisma.sync.findUniqueOrThrow({ where: { id: sync.id } })).nextRunAt).toEqual(
      new Date("2030-01-01T10:08:00Z"),
    );
    await waitForJob(prisma, third[0]?.jobId ?? "", [JOB.COMPLETED, JOB.FAILED]);

    const runs = await prisma.scheduleRun.findMany({ where: { syncId: sync.id }, orderBy: { dueAt: "asc" } });
    expect(runs.map((r) => [r.dueAt.toISOString(), r.outcome])).toEqual([
      ["2030-01-01T10:01:00.000Z", "started"],
      ["2030-01-01T10:02:00.000Z", "skipped_active"],
      ["2030-01-01T10:03:00.000Z", "started"],
    ]);
    const scheduledJobs = await prisma.syncJob.count({ where: { sourceConnectionId: connection.id, scheduled: true } });
    expect(scheduledJobs).toBe(2);
  });

  it("rejects an invalid cron with a message that says why", async () => {
    const { sync } = await createConnection(engine.db.prisma, "stub", {});
    await expect(setSchedule(engine.db.prisma, sync.id, "* * *")).rejects.toThrow(/5 fields/);
    await expect(setSchedule(engine.db.prisma, sync.id, "61 * * * *")).rejects.toThrow(/not a valid cron/);
  });
});
