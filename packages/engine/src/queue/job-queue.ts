// The sync-job queue: pg-boss carrying only a job id. Weft's state machine (sync_job) stays the source of truth;
// pg-boss only decides which worker picks a job up and when. It never retries (the reaper re-enqueues lost jobs)
// and wakes workers by LISTEN/NOTIFY, so a committed enqueue reaches a handler in milliseconds.
import type { Database, Prisma } from "@weft/db";
import { fromPrisma, PgBoss, type ConstructorOptions, type Queue } from "pg-boss";
import { logger } from "../log";

const log = logger("queue");

export type JobQueue = {
  /** The pg-boss instance, shared with the webhook-delivery queue (webhooks/queue.ts). */
  readonly boss: PgBoss;
  /**
   * Enqueues a sync job id through the caller's Prisma interactive transaction, so the job row and its queue entry
   * commit (or roll back) together. The workers are woken when the transaction commits.
   */
  enqueueInTransaction(tx: Prisma.TransactionClient, jobId: string): Promise<void>;
  /**
   * Enqueues outside any transaction (the reaper's re-enqueue). Never call it inside an open interactive
   * transaction: embedded PGlite is one session that serves one transaction at a time, so it would wait forever.
   */
  enqueue(jobId: string): Promise<void>;
  /**
   * Starts `concurrency` handlers on this queue (call once). A handler that throws is reported to `onError` and
   * its queue entry is failed; nothing is retried by pg-boss. Resolves once the workers are registered.
   */
  work(handler: (jobId: string) => Promise<void>, options: { concurrency: number }): Promise<void>;
  /**
   * Stops taking jobs and waits up to `timeoutMs` (default 30 s, at least 1 s) for running handlers; entries of
   * handlers still running then are failed in pg-boss (the handlers themselves are not interrupted). Closes the
   * queue's own connection pool.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
};

export type JobQueueOptions = {
  /** pg-boss errors (failed polls, maintenance) and handler failures. Default: logged. */
  onError?: (error: unknown) => void;
  /** pg-boss warnings, e.g. LISTEN unavailable (pickup then falls back to polling). Default: logged. */
  onWarning?: (warning: { message: string }) => void;
};

/** The pg-boss queue name. */
const SYNC_JOB_QUEUE = "sync-job";

/**
 * `short`: at most one *queued* entry per singletonKey (= sync job id), enforced by a unique index, so a duplicate
 * send is a no-op; once picked up, the reaper may queue the id again. No retries, and the 24 h maximum expiry so
 * pg-boss never fails a long sync that Weft's lease still considers alive. Finished entries are pruned after a day.
 */
const queueOptions = {
  policy: "short",
  notify: true,
  retryLimit: 0,
  expireInSeconds: 24 * 60 * 60,
  deleteAfterSeconds: 24 * 60 * 60,
} satisfies Omit<Queue, "name">;

/** Polling is only the fallback to NOTIFY: 1 s while the listener is up, 0.5 s (pg-boss's minimum) without it. */
const pollingOptions = { pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 1 };

function bossOptions(db: Database): ConstructorOptions {
  return {
    connectionString: db.url,
    max: 4,
    application_name: "weft-queue",
    useListenNotify: true,
    schedule: false, // no cron: Weft schedules itself
    registerInstance: false, // no instance registry heartbeat: Weft's worker leases cover liveness
    supervise: true, // maintenance prunes finished entries; everything optional in it is off below
    maintenanceIntervalSeconds: 60 * 60,
    flowIntervalSeconds: 60 * 60, // no flows are used
    reindex: false,
    monitorVacuum: false,
  };
}

/**
 * Creates the queue (a no-op when it exists) and converges its settings. This also fills pg-boss's queue cache,
 * which send() reads before inserting: a cache miss inside enqueueInTransaction would look the queue up on another
 * connection, which on embedded PGlite (one session, one transaction at a time) waits for the caller's transaction.
 */
async function ensureQueue(boss: PgBoss): Promise<void> {
  await boss.createQueue(SYNC_JOB_QUEUE, queueOptions);
  const { policy, ...settings } = queueOptions;
  await boss.updateQueue(SYNC_JOB_QUEUE, settings);
  const queue = await boss.getQueue(SYNC_JOB_QUEUE);
  if (queue?.policy !== policy) {
    throw new Error(
      `pg-boss queue "${SYNC_JOB_QUEUE}" has policy ${queue?.policy}; delete it so it is created as "${policy}".`,
    );
  }
}

function jobIdOf(data: unknown): string {
  const jobId = typeof data === "object" && data !== null && "jobId" in data ? data.jobId : undefined;
  if (typeof jobId !== "string") throw new Error(`Malformed ${SYNC_JOB_QUEUE} entry: ${JSON.stringify(data)}`);
  return jobId;
}

/**
 * Installs or migrates pg-boss's schema ("pgboss") on first use and creates the queue. Call it outside any
 * transaction, and stop the queue before closing the database.
 */
export async function createJobQueue(db: Database, options: JobQueueOptions = {}): Promise<JobQueue> {
  const onError = options.onError ?? ((error: unknown) => log.error({ err: error }, "queue error"));
  const boss = new PgBoss(bossOptions(db));
  boss.on("error", onError); // an EventEmitter "error" with no listener would crash the process
  boss.on("warning", options.onWarning ?? ((warning) => log.warn(warning.message)));
  await boss.start();
  try {
    await ensureQueue(boss);
  } catch (error) {
    await boss.stop({ graceful: false });
    throw error;
  }

  /**
   * A worker that finishes a job otherwise waits out its polling interval before fetching again, so a backlog
   * larger than `concurrency` would drain one job per worker per second. Marking the busy workers (this one among
   * them) notified makes each fetch again right after its job; idle workers are left to NOTIFY.
   */
  const fetchAgainWhenDone = () => {
    for (const worker of boss.getWipData())
      if (worker.name === SYNC_JOB_QUEUE && worker.count > 0) boss.notifyWorker(worker.id);
  };

  const send = (jobId: string, tx?: Prisma.TransactionClient) =>
    boss.send(SYNC_JOB_QUEUE, { jobId }, { singletonKey: jobId, ...(tx ? { db: fromPrisma(tx) } : {}) });

  return {
    boss,
    async enqueueInTransaction(tx, jobId) {
      await send(jobId, tx);
    },
    async enqueue(jobId) {
      await send(jobId);
    },
    async work(handler, { concurrency }) {
      await boss.work(
        SYNC_JOB_QUEUE,
        { ...pollingOptions, batchSize: 1, localConcurrency: concurrency },
        async (jobs) => {
          try {
            for (const job of jobs) await handler(jobIdOf(job.data));
          } catch (error) {
            onError(error);
            throw error; // pg-boss marks the entry failed (retryLimit 0: for good)
          } finally {
            fetchAgainWhenDone();
          }
        },
      );
    },
    async stop({ timeoutMs = 30_000 } = {}) {
      await boss.stop({ graceful: true, timeout: timeoutMs });
    },
  };
}
