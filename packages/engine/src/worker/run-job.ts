// One job from claim to end state: claim the lease, read the source through the pipeline while reporting progress and
// heartbeats, then COMPLETED (cursor saved in the same transaction), CANCELLED or FAILED with a classified error.
import { openCredentials, withDatabaseRetry, type Database } from "@weft/db";
import type { AccessPolicy } from "../access";
import { handBackJob, recordProgress, transitionJob, type Counts } from "../jobs/transitions";
import { claimWithinOrgLimit } from "../jobs/org-slots";
import type { ProgressBus } from "../bus/progress-bus";
import { countsKey, emptyCounts, type ErrorSample } from "../pipeline/counts";
import { processStream } from "../pipeline/process-stream";
import { getSource } from "../sources/registry";
import { SourceError, type JsonValue } from "../sources/types";
import { jobBindings, logger, type Logger } from "../log";
import { recordJobEnd, recordPickupLatency } from "../metrics/record";
import { classifyError } from "./classify-error";
import { JOB, type EndStatus } from "@weft/job-model";

const log = logger("worker");

export type RunJobDeps = {
  db: Database;
  bus: ProgressBus;
  workerId: string;
  /** Aborted when this worker shuts down: the job is handed back, not failed. */
  shutdown: AbortSignal;
  progressIntervalMs?: number;
  heartbeatIntervalMs?: number;
  batchSize?: number;
  access: AccessPolicy;
  /** Jobs of one organization running at once (WEFT_ORG_MAX_RUNNING_JOBS). */
  orgMaxRunningJobs: number;
  /** A job running longer ends FAILED "timeout" (WEFT_JOB_MAX_SECONDS). */
  jobMaxSeconds: number;
  /** How long batches are retried while the database is unreachable (default WEFT_DB_RETRY_SECONDS). */
  dbRetrySeconds?: number;
};

/** What became of a queue entry: ran to an end state (or was handed back), waits for a slot, or was not ours. */
export type RunOutcome =
  { outcome: "ran"; organizationId: string } | { outcome: "deferred"; ahead: string[] } | { outcome: "skipped" };

/**
 * A job's final state must be written even after an outage, or the job stays RUNNING until the lease: these writes
 * are guarded transitions (safe to repeat) and wait for the database for up to ten minutes.
 */
const FINAL_WRITE_RETRY_SECONDS = 600;
function untilStored<T>(deps: RunJobDeps, write: () => Promise<T>): Promise<T> {
  return withDatabaseRetry(write, { retrySeconds: Math.max(FINAL_WRITE_RETRY_SECONDS, deps.dbRetrySeconds ?? 0) });
}

class CancelRequested extends Error {}

function jobTimedOut(seconds: number): SourceError {
  return new SourceError(`The job ran longer than WEFT_JOB_MAX_SECONDS (${seconds} s) and was stopped.`, "timeout");
}

type JobContext = {
  jobId: string;
  syncId: string;
  source: string;
  counts: Counts;
  errorSamples: ErrorSample[];
  expectedTotal: number | null;
  /** Lines about this job carry job_id, organization_id and source_connection_id. */
  log: Logger;
  claimedAt: number;
};

function ended(ctx: JobContext, outcome: EndStatus): void {
  recordJobEnd(ctx.source, outcome, (Date.now() - ctx.claimedAt) / 1000, ctx.counts);
  ctx.log.info({ outcome, counts: ctx.counts }, `job ${outcome.toLowerCase()}`);
}

/** Nothing stored for this long: the heartbeat (every second) reports the unchanged counts as progress too. */
const QUIET_MS = 500;

/**
 * Progress every ~250 ms while counts change, a heartbeat every second and progress at least every second or two
 * while they do not; each notices a cancel.
 */
function startReporting(deps: RunJobDeps, ctx: JobContext, abort: AbortController) {
  const interval = deps.progressIntervalMs ?? 250;
  let lastKey = countsKey(ctx.counts);
  let lastBeat = Date.now();
  let lastStored = 0;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const key = countsKey(ctx.counts);
      // Spaced from the last stored event, not the last tick: a write that waited for the database is not followed
      // at once by the next one.
      if (key !== lastKey && Date.now() - lastStored >= interval * 0.8) {
        lastKey = key;
        lastBeat = Date.now();
        const event = await recordProgress(deps.db.prisma, ctx.jobId, ctx.counts, ctx.expectedTotal);
        lastStored = Date.now();
        if (!event) abort.abort(new CancelRequested());
      } else if (Date.now() - lastBeat >= (deps.heartbeatIntervalMs ?? 1000)) {
        lastBeat = Date.now();
        const rows = await deps.db.prisma.$queryRawUnsafe<{ status: string }[]>(
          `UPDATE sync_job SET heartbeat_at = now() WHERE id = $1::uuid AND lease_owner = $2 RETURNING status::text`,
          ctx.jobId,
          deps.workerId,
        );
        if (rows[0]?.status !== JOB.RUNNING) abort.abort(new CancelRequested());
        // Counts unchanged for a while (the orphan sweep, a slow source): progress all the same, so a live subscriber
        // sees a frame about every second.
        else if (Date.now() - lastStored >= QUIET_MS) {
          if (!(await recordProgress(deps.db.prisma, ctx.jobId, ctx.counts, ctx.expectedTotal)))
            abort.abort(new CancelRequested());
          lastStored = Date.now();
        }
      }
    } catch {
      // A failed tick is retried on the next one; the lease tolerates a few missed beats.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), interval);
  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.jobId === ctx.jobId && event.payload?.status === JOB.CANCELLING) abort.abort(new CancelRequested());
  });
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}

async function finishCompleted(deps: RunJobDeps, ctx: JobContext, cursor: JsonValue | undefined): Promise<boolean> {
  return untilStored(deps, () =>
    deps.db.prisma.$transaction(async (tx) => {
      const event = await transitionJob(tx, ctx.jobId, JOB.COMPLETED, {
        counts: ctx.counts,
        errorDetails: ctx.errorSamples.length ? { samples: ctx.errorSamples } : null,
      });
      if (!event) throw new CancelRequested();
      if (cursor !== undefined) {
        await tx.$executeRawUnsafe(
          `UPDATE sync SET cursor = $2::jsonb, cursor_updated_at = now() WHERE id = $1::uuid`,
          ctx.syncId,
          JSON.stringify(cursor),
        );
      }
      return true;
    }),
  )
    .then((done) => {
      ended(ctx, JOB.COMPLETED);
      return done;
    })
    .catch((error: unknown) => {
      if (error instanceof CancelRequested) return false;
      throw error;
    });
}

async function finishFailed(deps: RunJobDeps, ctx: JobContext, error: unknown, stage: string) {
  const { message, category, errorClass } = classifyError(error);
  if (category === "system_error") ctx.log.error({ err: error, stage }, "job failed with an unexpected error");
  else ctx.log.warn({ stage, error_category: category, error: message }, "job failed");
  const event = await untilStored(deps, () =>
    transitionJob(deps.db.prisma, ctx.jobId, JOB.FAILED, {
      counts: ctx.counts,
      error: message,
      errorCategory: category,
      errorDetails: { stage, error_class: errorClass, source: ctx.source, samples: ctx.errorSamples },
    }),
  );
  if (event) ended(ctx, JOB.FAILED);
}

export async function runJob(deps: RunJobDeps, jobId: string): Promise<RunOutcome> {
  const claim = await claimWithinOrgLimit(deps.db, jobId, deps.workerId, deps.orgMaxRunningJobs);
  if (claim.outcome !== "claimed") return claim; // waits for a slot, or cancelled, already taken or gone
  await runClaimed(deps, jobId);
  return { outcome: "ran", organizationId: claim.organizationId };
}

async function runClaimed(deps: RunJobDeps, jobId: string): Promise<void> {
  const { prisma } = deps.db;
  const job = await untilStored(deps, () =>
    prisma.syncJob.findUniqueOrThrow({
      where: { id: jobId },
      include: { sync: true, sourceConnection: { select: { shortName: true, config: true, credentials: true } } },
    }),
  );
  const ctx: JobContext = {
    jobId,
    syncId: job.syncId,
    source: job.sourceConnection.shortName,
    counts: emptyCounts(),
    errorSamples: [],
    expectedTotal: null,
    log: log.child(jobBindings(job)),
    claimedAt: Date.now(),
  };
  if (job.attempt === 1 && job.startedAt)
    recordPickupLatency((job.startedAt.getTime() - job.createdAt.getTime()) / 1000);
  ctx.log.info({ source: ctx.source, attempt: job.attempt, worker_id: deps.workerId }, "job running");
  const source = getSource(job.sourceConnection.shortName);
  if (!source)
    return void (await finishFailed(
      deps,
      ctx,
      new Error(`Unknown source type "${job.sourceConnection.shortName}"`),
      "setup",
    ));
  const parsed = source.configSchema.safeParse(job.sourceConnection.config ?? {});
  if (!parsed.success) return void (await finishFailed(deps, ctx, parsed.error, "config"));
  ctx.log.debug({ config: parsed.data }, "job config"); // secret fields are redacted by the logger

  const cursor =
    source.supportsContinuous && !job.forceFullSync ? ((job.sync.cursor as JsonValue | null) ?? null) : null;
  let nextCursor: JsonValue | undefined;
  const abort = new AbortController();
  const onShutdown = () => abort.abort(deps.shutdown.reason);
  deps.shutdown.addEventListener("abort", onShutdown, { once: true });
  const timedOut = jobTimedOut(deps.jobMaxSeconds);
  const deadline = setTimeout(() => abort.abort(timedOut), deps.jobMaxSeconds * 1000);
  const stopReporting = startReporting(deps, ctx, abort);
  try {
    const items = source.read({
      config: parsed.data,
      credentials: openCredentials(job.sourceConnectionId, job.sourceConnection.credentials) as Record<string, string>,
      cursor,
      setCursor: (value) => {
        nextCursor = value;
      },
      signal: abort.signal,
      setExpectedTotal: (total) => {
        ctx.expectedTotal = total;
      },
      access: deps.access,
    });
    await processStream(items, {
      sql: prisma,
      // PGlite is reached through a socket that serves one session: it takes the rows as a JSON parameter instead.
      copyUrl: deps.db.target.kind === "postgres" ? deps.db.url : undefined,
      syncId: job.syncId,
      jobId,
      fullSync: cursor === null,
      signal: abort.signal,
      counts: ctx.counts,
      errorSamples: ctx.errorSamples,
      batchSize: deps.batchSize,
      dbRetrySeconds: deps.dbRetrySeconds,
    });
  } catch (error) {
    if (!abort.signal.aborted) {
      stopReporting();
      return void (await finishFailed(deps, ctx, error, "source"));
    }
  } finally {
    clearTimeout(deadline);
    stopReporting();
    deps.shutdown.removeEventListener("abort", onShutdown);
  }

  if (abort.signal.reason === timedOut) return void (await finishFailed(deps, ctx, timedOut, "source"));

  if (deps.shutdown.aborted && !(abort.signal.reason instanceof CancelRequested)) {
    await untilStored(deps, () => handBackJob(prisma, jobId, deps.workerId));
    ctx.log.info("job handed back on shutdown");
    return;
  }
  if (!abort.signal.aborted && (await finishCompleted(deps, ctx, nextCursor))) return;
  // Cancelled: what was written stays, the cursor does not move.
  const cancelled = await untilStored(deps, () =>
    transitionJob(prisma, jobId, JOB.CANCELLED, { counts: ctx.counts, errorCategory: "cancelled_by_user" }, [
      JOB.CANCELLING,
    ]),
  );
  if (cancelled) ended(ctx, JOB.CANCELLED);
}
