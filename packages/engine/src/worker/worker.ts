// A worker: takes jobs from the queue (up to `concurrency` at once), and in the background runs the scheduler
// (every second) and the reaper (every few seconds). stop() hands running jobs back so another worker resumes them.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Database } from "@weft/db";
import type { ProgressBus } from "../bus/progress-bus";
import { queueWaitingJobs } from "../jobs/org-slots";
import { reapLostJobs, reapTimedOutJobs, requeueStranded } from "../jobs/reaper";
import { logger } from "../log";
import type { JobQueue } from "../queue/index";
import { runDueSchedules } from "../schedule/scheduler";
import { accessPolicyFromEnv, type AccessPolicy } from "../access";
import { runJob } from "./run-job";
import { JOB } from "@weft/job-model";
import { createWebhookQueue, type WebhookQueue } from "../webhooks/queue";
import { startWebhookWorker } from "../webhooks/worker";

const log = logger("worker");

export type WorkerOptions = {
  db: Database;
  queue: JobQueue;
  bus: ProgressBus;
  concurrency: number;
  leaseSeconds: number;
  workerId?: string;
  schedulerIntervalMs?: number;
  reaperIntervalMs?: number;
  batchSize?: number;
  /** What sources may reach (default: WEFT_OUTBOUND_ALLOW and WEFT_FILESYSTEM_ROOTS). */
  access?: AccessPolicy;
  /** WEFT_ORG_MAX_RUNNING_JOBS: jobs of one organization running at once across every worker. */
  orgMaxRunningJobs: number;
  /** WEFT_JOB_MAX_SECONDS: a job running longer ends FAILED "timeout". */
  jobMaxSeconds: number;
  dbRetrySeconds?: number;
  /** Least time between two progress events of a job (default 250 ms). */
  progressIntervalMs?: number;
  /** The webhook-delivery queue (default: one on `queue`'s pg-boss). */
  webhookQueue?: WebhookQueue;
  /** Seconds between webhook attempts (default WEFT_WEBHOOK_RETRY_SCHEDULE). */
  webhookRetrySchedule?: readonly number[];
};

export type Worker = { workerId: string; running(): number; stop(options?: { timeoutMs?: number }): Promise<void> };

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

/**
 * Runs `task` every `ms`, never overlapping itself. A failure (the database is down, …) is logged once per streak and
 * the loop backs off (doubling, up to 5 s so recovery stays prompt) and goes on; the first success logs the recovery and restores `ms`.
 */
export function every(ms: number, name: string, task: () => Promise<unknown>, maxBackoffMs = 5000): () => void {
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout;
  const schedule = (delay: number) => {
    if (!stopped) timer = setTimeout(() => void run(), delay);
  };
  const run = async () => {
    try {
      await task();
      if (failures > 0) log.info(`${name} recovered after ${failures} failed attempt(s)`);
      failures = 0;
    } catch (error) {
      if (failures === 0) log.warn({ err: error, task: name }, `${name} failed; retrying with backoff`);
      failures++;
    }
    schedule(failures === 0 ? ms : Math.min(maxBackoffMs, ms * 2 ** Math.min(failures, 10)));
  };
  schedule(ms);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const workerId = options.workerId ?? newWorkerId();
  const shutdown = new AbortController();
  let running = 0;
  const { orgMaxRunningJobs, jobMaxSeconds } = options;
  const deps = {
    db: options.db,
    bus: options.bus,
    workerId,
    shutdown: shutdown.signal,
    batchSize: options.batchSize,
    access: options.access ?? accessPolicyFromEnv(),
    orgMaxRunningJobs,
    jobMaxSeconds,
    dbRetrySeconds: options.dbRetrySeconds,
    progressIntervalMs: options.progressIntervalMs,
  };
  await options.queue.work(
    async (jobId) => {
      running++;
      try {
        const result = await runJob(deps, jobId);
        // A freed slot goes to the organization's oldest waiting jobs; older jobs come before a deferred one.
        if (result.outcome === "ran")
          await queueWaitingJobs(options.db, options.queue, result.organizationId, orgMaxRunningJobs);
        if (result.outcome === "deferred") for (const id of result.ahead) await options.queue.enqueue(id);
      } catch (error) {
        log.error({ err: error, job_id: jobId }, "the job crashed the runner");
      } finally {
        running--;
      }
    },
    { concurrency: options.concurrency },
  );
  const reap = async () => {
    const reaped = await reapLostJobs(options.db, options.leaseSeconds);
    for (const status of [JOB.FAILED, JOB.CANCELLED] as const) {
      const ids = reaped.filter((job) => job.status === status).map((job) => job.id);
      if (ids.length) log.warn({ job_ids: ids }, `moved ${ids.length} job(s) of lost workers to ${status}`);
    }
    const overdue = await reapTimedOutJobs(options.db, jobMaxSeconds, options.leaseSeconds);
    if (overdue.length)
      log.warn({ job_ids: overdue }, `moved ${overdue.length} job(s) past WEFT_JOB_MAX_SECONDS to FAILED`);
    await requeueStranded(options.db, options.queue, orgMaxRunningJobs);
  };
  await reap().catch((error: unknown) => log.warn({ err: error }, "initial reap failed"));
  const stopScheduler = every(options.schedulerIntervalMs ?? 1000, "scheduler", () =>
    runDueSchedules(options.db, options.queue),
  );
  const stopReaper = every(options.reaperIntervalMs ?? 5000, "reaper", reap);
  const stopWebhooks = await startWebhookWorker({
    db: options.db,
    queue: options.webhookQueue ?? (await createWebhookQueue(options.queue.boss)),
    workerId,
    policy: deps.access.outbound,
    retrySchedule: options.webhookRetrySchedule,
    every,
    onError: (error) => log.error({ err: error }, "webhook delivery failed"),
  });
  log.info({ worker_id: workerId, concurrency: options.concurrency }, "worker started");
  return {
    workerId,
    running: () => running,
    async stop({ timeoutMs = 10_000 } = {}) {
      stopScheduler();
      stopReaper();
      stopWebhooks();
      shutdown.abort(new Error("worker shutting down"));
      await options.queue.stop({ timeoutMs });
      log.info({ worker_id: workerId }, "worker stopped");
    },
  };
}
