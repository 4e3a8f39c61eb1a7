import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { createConnection, openTestEngine, waitForJob, type TestEngine } from "../testing";
import type { BusEvent } from "./progress-bus";
import { JOB } from "@weft/job-model";

let engine: TestEngine;
beforeAll(async () => {
  engine = await openTestEngine("progress");
});
afterAll(() => engine.close());

describe(`progress events (${testBackend})`, () => {
  it("streams cumulative, rate-limited progress and a final event, all in the durable log", async () => {
    const prisma = engine.db.prisma;
    const { connection, organization } = await createConnection(prisma, "stub", {
      entity_count: 3000,
      seed: 9,
      generation_delay_ms: 1,
    });
    const received: (BusEvent & { at: number })[] = [];
    const unsubscribe = engine.bus.subscribe((event) => received.push({ ...event, at: Date.now() }));
    const job = await engine.startRun({ organizationId: organization.id, sourceConnectionId: connection.id });
    const done = await waitForJob(prisma, job.id, [JOB.COMPLETED, JOB.FAILED]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    unsubscribe();
    expect(engine.bus.listenerCount()).toBe(0);

    const mine = received.filter((e) => e.jobId === job.id);
    expect(mine.map((e) => e.seq)).toEqual(mine.map((_, i) => i + 1)); // every event, in order, none twice
    const progress = mine.filter((e) => e.type === "progress");
    expect(progress.length).toBeGreaterThanOrEqual(3);
    const inserted = progress.map((e) => e.payload?.entities_inserted ?? -1);
    expect(inserted).toEqual([...inserted].sort((a, b) => a - b)); // cumulative
    expect(progress[0]?.payload?.expected_total).toBe(3000);
    const gaps = progress.slice(1).map((e, i) => e.at - (progress[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(150); // at most ~4 per second
    expect(Math.max(...gaps)).toBeLessThan(3000); // and steadily while counts change (slack for a busy machine)

    const last = mine.at(-1);
    expect(last?.payload).toMatchObject({ status: JOB.COMPLETED, entities_inserted: done.entitiesInserted });
    const logged = await prisma.syncJobEvent.count({ where: { jobId: job.id } });
    expect(logged).toBe(mine.length);
  });

  it("reports progress while the counts stand still (a slow source, the orphan sweep), not only when they change", async () => {
    const prisma = engine.db.prisma;
    // One entity every 2.5 s: a batch waits for the next one, so the counts do not move for seconds at a time.
    const { connection, organization } = await createConnection(prisma, "stub", {
      entity_count: 3,
      seed: 4,
      generation_delay_ms: 2500,
    });
    const job = await engine.startRun({ organizationId: organization.id, sourceConnectionId: connection.id });
    await waitForJob(prisma, job.id, [JOB.COMPLETED, JOB.FAILED]);
    const events = await prisma.syncJobEvent.findMany({
      where: { jobId: job.id, type: "progress" },
      orderBy: { seq: "asc" },
    });
    const counts = events.map((e) => JSON.stringify(e.payload));
    const repeated = counts.filter((c, i) => i > 0 && c === counts[i - 1]);
    expect(repeated.length).toBeGreaterThan(0);
  });
});
