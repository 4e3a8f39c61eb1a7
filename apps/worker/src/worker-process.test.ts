// Scale-out behaviour with real worker processes on PostgreSQL (PGlite serves one process, so these need a server).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@weft/config";
import { createScratchPostgres } from "@weft/db/testing";
import { openDatabase, type Database } from "@weft/db";
import { createEngine, type Engine } from "@weft/engine";
import { createConnection, storedEntityCount, waitForJob } from "@weft/engine/testing";
import { spawnWorker, type WorkerProcess } from "./worker-process";
import { JOB } from "@weft/job-model";

const url = env.DATABASE_URL;
if (!url) console.log("worker process tests skipped: they need PostgreSQL (set DATABASE_URL)");

describe.skipIf(!url)("apps/worker processes on PostgreSQL", () => {
  let scratch: { url: string; drop(): Promise<void> };
  let db: Database;
  let api: Engine; // an API-side engine: starts runs, runs no jobs
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    scratch = await createScratchPostgres(url ?? "", "workers");
    db = await openDatabase({ kind: "postgres", url: scratch.url });
    api = await createEngine(db, { worker: false });
  });
  afterAll(async () => {
    for (const w of workers) w.child.kill("SIGKILL");
    await api?.close();
    await db?.close();
    await scratch?.drop();
  });

  it("fails a killed worker's job within 60 s, and the next run converges", async () => {
    const { connection, organization, sync } = await createConnection(db.prisma, "stub", {
      entity_count: 5_000,
      seed: 11,
      generation_delay_ms: 2,
    });
    const a = await spawnWorker(scratch.url, { WEFT_WORKER_ID: "worker-a" });
    workers.push(a);
    const job = await api.startRun({ organizationId: organization.id, sourceConnectionId: connection.id });
    await waitForJob(db.prisma, job.id, [JOB.RUNNING]);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    a.child.kill("SIGKILL");
    await a.exited;
    const killedAt = Date.now();
    workers.push(await spawnWorker(scratch.url, { WEFT_WORKER_ID: "worker-b" }));

    const failed = await waitForJob(db.prisma, job.id, [JOB.FAILED, JOB.COMPLETED, JOB.CANCELLED], 60_000);
    const seconds = (Date.now() - killedAt) / 1000;
    console.log(`killed worker's job FAILED after ${seconds.toFixed(1)} s: ${failed.error}`);
    expect(failed.status).toBe(JOB.FAILED);
    expect(failed.errorCategory).toBe("worker_lost");
    expect(seconds).toBeLessThan(60);

    await db.prisma.sourceConnection.update({
      where: { id: connection.id },
      data: { config: { entity_count: 5_000, seed: 11 } },
    });
    const rerun = await waitForJob(
      db.prisma,
      (await api.startRun({ organizationId: organization.id, sourceConnectionId: connection.id })).id,
      [JOB.COMPLETED, JOB.FAILED],
      120_000,
    );
    expect(rerun.status).toBe(JOB.COMPLETED);
    expect(rerun.entitiesInserted + rerun.entitiesKept).toBe(5_000);
    expect(rerun.entitiesKept).toBeGreaterThan(0); // what the killed worker wrote stayed
    expect(await storedEntityCount(db.prisma, sync.id)).toBe(5_000);
  });

  it("hands a running job back on SIGTERM, and another worker finishes it", async () => {
    for (const w of workers) w.child.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    const leaving = await spawnWorker(scratch.url, { WEFT_WORKER_ID: "worker-leaving" });
    workers.push(leaving);
    const { connection, organization, sync } = await createConnection(db.prisma, "stub", {
      entity_count: 3_000,
      seed: 12,
      generation_delay_ms: 2,
    });
    const job = await api.startRun({ organizationId: organization.id, sourceConnectionId: connection.id });
    await waitForJob(db.prisma, job.id, [JOB.RUNNING]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    leaving.child.kill("SIGTERM");
    expect(await leaving.exited).toBe(0);
    const handedBack = await db.prisma.syncJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(handedBack).toMatchObject({ status: JOB.RUNNING, leaseOwner: null });

    workers.push(await spawnWorker(scratch.url, { WEFT_WORKER_ID: "worker-staying" }));
    const done = await waitForJob(db.prisma, job.id, [JOB.COMPLETED, JOB.FAILED], 60_000);
    expect(done).toMatchObject({ status: JOB.COMPLETED, attempt: 2, leaseOwner: "worker-staying" });
    expect(done.entitiesInserted + done.entitiesKept).toBe(3_000);
    expect(await storedEntityCount(db.prisma, sync.id)).toBe(3_000);
  });

  it("runs each of 50 jobs on 50 connections exactly once across two workers", async () => {
    while (workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null).length < 2)
      workers.push(await spawnWorker(scratch.url));
    const fixtures = await Promise.all(
      Array.from({ length: 50 }, () => createConnection(db.prisma, "stub", { entity_count: 2000, seed: 5 })),
    );
    const jobs = await Promise.all(
      fixtures.map((f) => api.startRun({ organizationId: f.organization.id, sourceConnectionId: f.connection.id })),
    );
    const done = await Promise.all(jobs.map((j) => waitForJob(db.prisma, j.id, [JOB.COMPLETED, JOB.FAILED], 120_000)));
    expect(done.every((j) => j.status === JOB.COMPLETED && j.entitiesInserted === 2000)).toBe(true);
    expect(done.every((j) => j.attempt === 1)).toBe(true);
    const claims = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM sync_job_event WHERE job_id = ANY(SELECT id FROM sync_job WHERE id::text IN (${jobs.map((j) => `'${j.id}'`).join(",")})) AND type = 'status' AND payload->>'status' = '${JOB.RUNNING}'`,
    );
    expect(Number(claims[0]?.n)).toBe(50);
    const owners = new Set(done.map((j) => j.leaseOwner));
    console.log(`50 jobs ran on ${owners.size} workers`);
    expect(owners.size).toBe(2);
  });
});
