// The job queue against real databases: in-memory PGlite always, and a scratch PostgreSQL database when
// 127.0.0.1:5432 answers. No mocks: every enqueue goes through pg-boss into the database and back to a handler.
import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { env } from "@weft/config";
import { openDatabase, type Database, type PrismaClient } from "@weft/db";
import { createScratchPostgres } from "@weft/db/testing";
import { createJobQueue, type JobQueue } from "./index";
import { JOB } from "@weft/job-model";

const POSTGRES_URL = env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const TIMEOUT = 30_000;

function isReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 5432) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

const postgresReachable = await isReachable(POSTGRES_URL);
if (!postgresReachable)
  console.log(`Skipping the PostgreSQL queue tests: nothing answers at ${new URL(POSTGRES_URL).host}.`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(5);
  }
}

/** Long enough for any stray duplicate to arrive through the 0.5-1 s polling fallback. */
const SETTLE_MS = 1_500;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

type Fixture = { organizationId: string; sourceConnectionId: string; syncId: string };

async function createSyncFixture(prisma: PrismaClient): Promise<Fixture> {
  const organization = await prisma.organization.create({ data: { name: `queue-test-${randomUUID()}` } });
  const collection = await prisma.collection.create({
    data: { organizationId: organization.id, name: "Queue test", readableId: "queue-test" },
  });
  const connection = await prisma.sourceConnection.create({
    data: {
      organizationId: organization.id,
      collectionId: collection.id,
      name: "Queue test",
      shortName: "stub",
      sync: { create: { name: "Queue test" } },
    },
    select: { id: true, sync: { select: { id: true } } },
  });
  if (!connection.sync) throw new Error("the sync was not created");
  return { organizationId: organization.id, sourceConnectionId: connection.id, syncId: connection.sync.id };
}

/** Deliveries seen by a handler, by job id, and how many handlers are running right now. */
function recorder() {
  const deliveries = new Map<string, number>();
  let running = 0;
  let maxRunning = 0;
  return {
    deliveries,
    count: (jobId: string) => deliveries.get(jobId) ?? 0,
    get running() {
      return running;
    },
    get maxRunning() {
      return maxRunning;
    },
    handler:
      (body: (jobId: string) => Promise<void> = async () => {}) =>
      async (jobId: string) => {
        deliveries.set(jobId, (deliveries.get(jobId) ?? 0) + 1);
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        try {
          await body(jobId);
        } finally {
          running -= 1;
        }
      },
  };
}

function defineQueueTests(label: string, open: () => Promise<{ db: Database; cleanup: () => Promise<void> }>) {
  let db: Database;
  let cleanup: () => Promise<void>;
  let fixture: Fixture;
  const queues: JobQueue[] = [];
  const errors: unknown[] = [];
  const warnings: string[] = [];

  async function newQueue(): Promise<JobQueue> {
    const queue = await createJobQueue(db, {
      onError: (error) => errors.push(error),
      onWarning: (warning) => warnings.push(warning.message),
    });
    queues.push(queue);
    return queue;
  }

  /** Creates a sync_job row and enqueues it in one interactive transaction; `fail` throws after the enqueue. */
  async function createAndEnqueue(queue: JobQueue, options: { fail?: boolean } = {}): Promise<string> {
    return db.prisma.$transaction(async (tx) => {
      const job = await tx.syncJob.create({ data: { ...fixture, status: JOB.CREATED }, select: { id: true } });
      await queue.enqueueInTransaction(tx, job.id);
      if (options.fail) throw new Error(`rolled back ${job.id}`);
      return job.id;
    });
  }

  beforeAll(async () => {
    ({ db, cleanup } = await open());
    fixture = await createSyncFixture(db.prisma);
    const started = performance.now();
    await newQueue(); // installs pg-boss's schema
    console.log(
      `[${label}] first createJobQueue (pg-boss schema install): ${(performance.now() - started).toFixed(0)} ms`,
    );
  }, TIMEOUT);

  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.stop({ timeoutMs: 1_000 })));
    expect(errors.splice(0).filter((error) => !String(error).includes("expected handler failure"))).toEqual([]);
    expect(warnings.splice(0)).toEqual([]);
  }, TIMEOUT);

  afterAll(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.stop({ timeoutMs: 1_000 })));
    await cleanup?.();
  }, TIMEOUT);

  it("delivers a job enqueued in a committed transaction exactly once", async () => {
    const queue = await newQueue();
    const seen = recorder();
    await queue.work(seen.handler(), { concurrency: 2 });
    const jobId = await createAndEnqueue(queue);
    await waitFor(() => seen.count(jobId) === 1);
    await sleep(SETTLE_MS);
    expect(seen.count(jobId)).toBe(1);
  });

  it("never delivers a job whose transaction rolled back", async () => {
    const queue = await newQueue();
    const seen = recorder();
    await queue.work(seen.handler(), { concurrency: 2 });
    let jobId = "";
    await expect(
      db.prisma.$transaction(async (tx) => {
        const job = await tx.syncJob.create({ data: { ...fixture, status: JOB.CREATED }, select: { id: true } });
        jobId = job.id;
        await queue.enqueueInTransaction(tx, job.id);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const committed = await createAndEnqueue(queue); // a later job still flows, so the worker was live all along
    await waitFor(() => seen.count(committed) === 1);
    await sleep(SETTLE_MS);
    expect(jobId).not.toBe("");
    expect(seen.count(jobId)).toBe(0);
    expect(await db.prisma.syncJob.findUnique({ where: { id: jobId } })).toBeNull();
  });

  it("delivers a job id enqueued twice only once", async () => {
    const queue = await newQueue();
    const jobId = await createAndEnqueue(queue);
    await queue.enqueue(jobId);
    await db.prisma.$transaction((tx) => queue.enqueueInTransaction(tx, jobId));
    const seen = recorder();
    await queue.work(seen.handler(), { concurrency: 3 });
    await waitFor(() => seen.count(jobId) === 1);
    await sleep(SETTLE_MS);
    expect(seen.count(jobId)).toBe(1);
  });

  it("runs `concurrency` handlers at once and no more", async () => {
    const queue = await newQueue();
    const seen = recorder();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    await queue.work(
      seen.handler(() => gate),
      { concurrency: 3 },
    );
    const jobIds = await Promise.all(Array.from({ length: 5 }, () => createAndEnqueue(queue)));
    await waitFor(() => seen.running === 3);
    await sleep(SETTLE_MS);
    expect(seen.maxRunning).toBe(3);
    release();
    await waitFor(() => jobIds.every((id) => seen.count(id) === 1));
    expect(seen.maxRunning).toBe(3);
  });

  it("keeps working after a handler throws", async () => {
    const queue = await newQueue();
    const seen = recorder();
    const failing = randomUUID();
    await queue.work(
      seen.handler((jobId) =>
        jobId === failing ? Promise.reject(new Error("expected handler failure")) : Promise.resolve(),
      ),
      { concurrency: 1 },
    );
    await queue.enqueue(failing);
    await waitFor(() => seen.count(failing) === 1);
    const next = await createAndEnqueue(queue);
    await waitFor(() => seen.count(next) === 1);
    await sleep(SETTLE_MS);
    expect(seen.count(failing)).toBe(1); // retryLimit 0: not retried
  });

  it("stop waits for a running handler", async () => {
    const queue = await newQueue();
    let finished = false;
    const seen = recorder();
    await queue.work(
      seen.handler(async () => {
        await sleep(500);
        finished = true;
      }),
      { concurrency: 1 },
    );
    const jobId = await createAndEnqueue(queue);
    await waitFor(() => seen.count(jobId) === 1);
    await queue.stop({ timeoutMs: 5_000 });
    expect(finished).toBe(true);
  });

  it("measures send → handler latency", async () => {
    const queue = await newQueue();
    const started = new Map<string, number>();
    await queue.work((jobId) => Promise.resolve(void started.set(jobId, performance.now())), { concurrency: 4 });
    await sleep(200); // let the workers reach their idle wait, as a real worker would be
    const measure = async (name: string, send: () => Promise<string>) => {
      const latencies: number[] = [];
      for (let i = 0; i < 50; i++) {
        const sent = performance.now(); // before the send: the insert and commit count too
        const jobId = await send();
        await waitFor(() => started.has(jobId));
        latencies.push((started.get(jobId) ?? Number.NaN) - sent);
        await sleep(20);
      }
      latencies.sort((a, b) => a - b);
      const ms = (p: number) => `${percentile(latencies, p).toFixed(1)} ms`;
      console.log(`[${label}] ${name} → handler start, 50 sequential: p50 ${ms(50)}, p99 ${ms(99)}, max ${ms(100)}`);
      expect(latencies).toHaveLength(50);
    };
    await measure("enqueue", async () => {
      const jobId = randomUUID();
      await queue.enqueue(jobId);
      return jobId;
    });
    await measure("transaction (sync_job row + enqueueInTransaction)", () => createAndEnqueue(queue));
  });

  if (label === "postgres") {
    it("two queue instances on one database deliver each of 50 jobs exactly once in total", async () => {
      const [first, second] = await Promise.all([newQueue(), newQueue()]);
      if (!first || !second) throw new Error("queues not created");
      const perInstance = [recorder(), recorder()] as const;
      const slow = () => sleep(10).then(() => {});
      await first.work(perInstance[0].handler(slow), { concurrency: 2 });
      await second.work(perInstance[1].handler(slow), { concurrency: 2 });
      const jobIds = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? createAndEnqueue(first) : createAndEnqueue(second))),
      );
      const total = (id: string) => perInstance[0].count(id) + perInstance[1].count(id);
      await waitFor(() => jobIds.every((id) => total(id) >= 1), 20_000);
      await sleep(SETTLE_MS);
      expect(jobIds.map(total)).toEqual(jobIds.map(() => 1));
      console.log(
        `[${label}] two instances: ${perInstance[0].deliveries.size} + ${perInstance[1].deliveries.size} jobs`,
      );
    });
  }
}

describe("job queue on PGlite", { timeout: TIMEOUT }, () => {
  defineQueueTests("pglite", async () => {
    const db = await openDatabase({ kind: "pglite", dataDir: `memory://queue-${randomUUID()}` });
    return { db, cleanup: () => db.close() };
  });
});

describe.skipIf(!postgresReachable)("job queue on PostgreSQL", { timeout: TIMEOUT }, () => {
  defineQueueTests("postgres", async () => {
    const scratch = await createScratchPostgres(POSTGRES_URL, "queue_test");
    const db = await openDatabase({ kind: "postgres", url: scratch.url }).catch(async (error: unknown) => {
      await scratch.drop();
      throw error;
    });
    return {
      db,
      cleanup: async () => {
        await db.close();
        await scratch.drop();
      },
    };
  });
});
