// The engine of one process: its queue, its progress bus and (unless disabled) an embedded worker, plus the
// operations the API calls. One per process: web processes and `apps/worker` each build theirs on the same database.
import { env, syncBatchSize } from "@weft/config";
import { getDatabase, type Database } from "@weft/db";
import { accessPolicyFromEnv, type AccessPolicy } from "./access";
import { createProgressBus, type ProgressBus } from "./bus/progress-bus";
import { createStreamSlots, type StreamSlots } from "./bus/stream-slots";
import { cancelJob, type CancelOptions } from "./jobs/cancel";
import { startRun, type StartRunOptions } from "./jobs/start-run";
import { createJobQueue, type JobQueue } from "./queue/index";
import { startWorker, type Worker } from "./worker/worker";
import { createWebhookQueue, type WebhookQueue } from "./webhooks/queue";

export type EngineOptions = {
  /** Run a worker in this process (default: WEFT_EMBEDDED_WORKER, true unless disabled). */
  worker?: boolean;
  concurrency?: number;
  leaseSeconds?: number;
  workerId?: string;
  schedulerIntervalMs?: number;
  reaperIntervalMs?: number;
  batchSize?: number;
  /** What sources may reach (default: WEFT_OUTBOUND_ALLOW and WEFT_FILESYSTEM_ROOTS from env). */
  access?: AccessPolicy;
  /** Jobs of one organization running at once (default: WEFT_ORG_MAX_RUNNING_JOBS). */
  orgMaxRunningJobs?: number;
  /** A job running longer ends FAILED "timeout" (default: WEFT_JOB_MAX_SECONDS). */
  jobMaxSeconds?: number;
  /** Live subscriptions of one organization in this process (default: WEFT_SSE_MAX_PER_ORG). */
  sseMaxPerOrg?: number;
  /** Events a subscriber may leave unread before it is dropped (default: STREAM_MAX_PENDING_EVENTS). */
  streamMaxPendingEvents?: number;
  /** How long a running job retries while the database is unreachable (default WEFT_DB_RETRY_SECONDS). */
  dbRetrySeconds?: number;
  /** Least time between two progress events of a job (default 250 ms; tests of slow readers want many). */
  progressIntervalMs?: number;
  /** Seconds between webhook delivery attempts (default: WEFT_WEBHOOK_RETRY_SCHEDULE). */
  webhookRetrySchedule?: readonly number[];
};

export type Engine = {
  db: Database;
  access: AccessPolicy;
  queue: JobQueue;
  /** Webhook deliveries (recover and "send again" queue them through it). */
  webhookQueue: WebhookQueue;
  bus: ProgressBus;
  /** This process's live subscriptions per organization (WEFT_SSE_MAX_PER_ORG). */
  streams: StreamSlots;
  worker: Worker | null;
  startRun(options: Omit<StartRunOptions, "tx">): ReturnType<typeof startRun>;
  cancelJob(options: CancelOptions): ReturnType<typeof cancelJob>;
  close(options?: { timeoutMs?: number }): Promise<void>;
};

export async function createEngine(db: Database, options: EngineOptions = {}): Promise<Engine> {
  const access = options.access ?? accessPolicyFromEnv();
  const queue = await createJobQueue(db);
  const webhookQueue = await createWebhookQueue(queue.boss);
  const bus = await createProgressBus(db);
  const worker =
    (options.worker ?? env.WEFT_EMBEDDED_WORKER)
      ? await startWorker({
          db,
          queue,
          bus,
          concurrency: options.concurrency ?? env.WEFT_WORKER_CONCURRENCY,
          leaseSeconds: options.leaseSeconds ?? env.WEFT_LEASE_SECONDS,
          workerId: options.workerId ?? env.WEFT_WORKER_ID,
          schedulerIntervalMs: options.schedulerIntervalMs,
          reaperIntervalMs: options.reaperIntervalMs,
          batchSize: options.batchSize ?? syncBatchSize(),
          access,
          orgMaxRunningJobs: options.orgMaxRunningJobs ?? env.WEFT_ORG_MAX_RUNNING_JOBS,
          jobMaxSeconds: options.jobMaxSeconds ?? env.WEFT_JOB_MAX_SECONDS,
          dbRetrySeconds: options.dbRetrySeconds,
          progressIntervalMs: options.progressIntervalMs,
          webhookQueue,
          webhookRetrySchedule: options.webhookRetrySchedule,
        })
      : null;
  return {
    db,
    access,
    queue,
    webhookQueue,
    bus,
    streams: createStreamSlots(options.sseMaxPerOrg ?? env.WEFT_SSE_MAX_PER_ORG, options.streamMaxPendingEvents),
    worker,
    startRun: (o) => startRun(db, queue, o),
    cancelJob: (o) => cancelJob(db, o),
    async close({ timeoutMs } = {}) {
      await worker?.stop({ timeoutMs });
      await queue.stop({ timeoutMs: 1000 });
      await bus.close();
    },
  };
}

const holder = globalThis as typeof globalThis & { __weftEngine?: Promise<Engine> };

/** The process's engine on the process's database, created on first use. */
export function getEngine(options?: EngineOptions): Promise<Engine> {
  // A failed start is not cached: the next call tries again (the database may be back).
  holder.__weftEngine ??= getDatabase()
    .then((db) => createEngine(db, options))
    .catch((error: unknown) => {
      holder.__weftEngine = undefined;
      throw error;
    });
  return holder.__weftEngine;
}

export async function closeEngine(): Promise<void> {
  const pending = holder.__weftEngine;
  holder.__weftEngine = undefined;
  if (pending) await (await pending).close();
}
