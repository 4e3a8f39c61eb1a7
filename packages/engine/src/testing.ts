// Helpers for engine tests: an engine on a fresh test database with fast timers, and waiting for job states.
import { sealCredentials, type PrismaClient } from "@weft/db";
import { createConnectionFixture } from "@weft/db/test-fixtures";
import { openTestDatabase, type TestDatabase } from "@weft/db/testing";
import { createEngine, type Engine, type EngineOptions } from "./engine";
import type { JobStatus } from "@weft/job-model";

export { reapTimedOutJobs } from "./jobs/reaper";

export type TestEngine = Engine & { testDb: TestDatabase };

export async function openTestEngine(label: string, options: EngineOptions = {}): Promise<TestEngine> {
  const testDb = await openTestDatabase(label);
  const engine = await createEngine(testDb, {
    worker: true,
    concurrency: 2,
    leaseSeconds: 5,
    reaperIntervalMs: 500,
    schedulerIntervalMs: 200,
    ...options,
  });
  return {
    ...engine,
    testDb,
    close: async (o) => {
      await engine.close(o);
      await testDb.cleanup();
    },
  };
}

export async function waitForJob(prisma: PrismaClient, jobId: string, statuses: JobStatus[], timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await prisma.syncJob.findUniqueOrThrow({ where: { id: jobId } });
    if (statuses.includes(job.status)) return job;
    if (Date.now() > deadline)
      throw new Error(`job ${jobId} is ${job.status}, not ${statuses.join("/")} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A connection of the given source type and config in a fresh organization. */
export async function createConnection(
  prisma: PrismaClient,
  shortName: string,
  config: Record<string, unknown>,
  credentials?: Record<string, string>,
) {
  const fixture = await createConnectionFixture(prisma, shortName.replace(/_/g, "-"));
  await prisma.sourceConnection.update({
    where: { id: fixture.connection.id },
    data: {
      shortName,
      config: config as never,
      credentials: credentials ? sealCredentials(fixture.connection.id, credentials) : undefined,
    },
  });
  return fixture;
}

export async function storedEntityCount(prisma: PrismaClient, syncId: string, jobId?: string): Promise<number> {
  return prisma.entity.count({ where: { syncId, ...(jobId ? { lastJobId: jobId } : {}) } });
}
export { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from "./webhooks/receiver";
