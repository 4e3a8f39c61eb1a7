// start→RUNNING (created_at → started_at of the job row): runs started one after another on one connection, and a
// burst of runs started at once on as many connections (each in its own organization, so no per-org limit queues them).
import type { PrismaClient } from "@weft/db";
import type { Engine } from "@weft/engine";
import { createConnection, waitForJob } from "@weft/engine/testing";
import { JOB } from "@weft/job-model";
import { percentile } from "./stats";

/** `failed`: runs whose start itself failed (e.g. the API's transaction could not get a connection in time). */
export type LatencyFigure = { runs: number; p50: number; p99: number; failed: number };

function figure(latencies: number[], failed = 0): LatencyFigure {
  return { runs: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failed };
}

async function startedAfter(prisma: PrismaClient, jobId: string): Promise<number | null> {
  const done = await waitForJob(prisma, jobId, [JOB.COMPLETED, JOB.FAILED], 10 * 60_000);
  return done.startedAt ? done.startedAt.getTime() - done.createdAt.getTime() : null;
}

export async function sequentialStarts(prisma: PrismaClient, engine: Engine, runs: number): Promise<LatencyFigure> {
  const { connection, organization } = await createConnection(prisma, "stub", { entity_count: 1, seed: 1 });
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    const job = await engine.startRun({ organizationId: organization.id, sourceConnectionId: connection.id });
    const ms = await startedAfter(prisma, job.id);
    if (ms !== null) latencies.push(ms);
  }
  return figure(latencies);
}

export async function burstStarts(prisma: PrismaClient, engine: Engine, runs: number): Promise<LatencyFigure> {
  const connections = [];
  for (let i = 0; i < runs; i++) connections.push(await createConnection(prisma, "stub", { entity_count: 1, seed: i }));
  const starts = await Promise.allSettled(
    connections.map(({ connection, organization }) =>
      engine.startRun({ organizationId: organization.id, sourceConnectionId: connection.id }),
    ),
  );
  const jobs = starts.flatMap((start) => (start.status === "fulfilled" ? [start.value] : []));
  const latencies = await Promise.all(jobs.map((job) => startedAfter(prisma, job.id)));
  return figure(
    latencies.filter((ms): ms is number => ms !== null),
    starts.length - jobs.length,
  );
}
