// WEFT_ORG_MAX_RUNNING_JOBS across two workers on one database: never more than the limit RUNNING for an
// organization, no job overtakes one that waits longer by more than the free slots, and every job still runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { createConnectionFixture } from "@weft/db/test-fixtures";
import { createEngine, type Engine } from "../engine";
import { openTestEngine, waitForJob, type TestEngine } from "../testing";
import { JOB } from "@weft/job-model";

const LIMIT = 2;
const timers = { leaseSeconds: 5, reaperIntervalMs: 500, schedulerIntervalMs: 200 };
let first: TestEngine;
let second: Engine;
beforeAll(async () => {
  first = await openTestEngine("org-slots", { concurrency: 3, orgMaxRunningJobs: LIMIT });
  second = await createEngine(first.testDb, { worker: true, concurrency: 3, orgMaxRunningJobs: LIMIT, ...timers });
});
afterAll(async () => {
  await second?.close();
  await first?.close();
});

describe(`per-organization job slots (${testBackend})`, () => {
  it(`runs at most ${LIMIT} jobs of an organization at once over two workers, oldest first, all to the end`, async () => {
    const prisma = first.db.prisma;
    const { organization, collection, connection } = await createConnectionFixture(prisma, "slots");
    const config = { entity_count: 20, seed: 1, generation_delay_ms: 40 };
    await prisma.sourceConnection.update({ where: { id: connection.id }, data: { config } });
    const connections = [connection.id];
    for (let i = 1; i < 6; i++) {
      const made = await prisma.sourceConnection.create({
        data: {
          organizationId: organization.id,
          collectionId: collection.id,
          name: `slots ${i}`,
          shortName: "stub",
          config,
          sync: { create: { name: `slots sync ${i}` } },
        },
      });
      connections.push(made.id);
    }
    const jobs = [];
    for (const id of connections)
      jobs.push((await first.startRun({ organizationId: organization.id, sourceConnectionId: id })).id);

    let most = 0;
    for (;;) {
      const rows = await prisma.syncJob.groupBy({
        by: ["status"],
        where: { organizationId: organization.id },
        _count: true,
      });
      const count = (status: string) => rows.find((r) => r.status === status)?._count ?? 0;
      most = Math.max(most, count(JOB.RUNNING) + count(JOB.CANCELLING));
      if (count(JOB.COMPLETED) + count(JOB.FAILED) === jobs.length) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(most).toBeLessThanOrEqual(LIMIT);
    const ended = await Promise.all(jobs.map((id) => waitForJob(prisma, id, [JOB.COMPLETED])));
    const started = ended.map((job) => job.startedAt?.getTime() ?? Number.NaN);
    // With LIMIT slots a job can only start once the job LIMIT places ahead of it has started.
    for (let k = 0; k + LIMIT < started.length; k++)
      expect(started[k + LIMIT]).toBeGreaterThanOrEqual(started[k] ?? Number.NaN);
  });
});
