// Recovery from crashed workers: a job whose lease (heartbeat) expired leaves RUNNING, and jobs nobody is working on
// (PENDING for a while, or handed back on shutdown) are queued again. Every worker runs this; the guarded updates
// make concurrent reapers harmless.
import type { Database } from "@weft/db";
import type { JobQueue } from "../queue/index";
import { applyJobChange } from "./transitions";
import { JOB } from "@weft/job-model";
import { sqlStatuses } from "./sql";

type LostRow = {
  id: string;
  status: typeof JOB.RUNNING | typeof JOB.CANCELLING;
  lease_owner: string;
  heartbeat_at: Date;
};

export type ReapedJob = { id: string; status: typeof JOB.FAILED | typeof JOB.CANCELLED };

export async function reapLostJobs(db: Database, leaseSeconds: number): Promise<ReapedJob[]> {
  const seconds = Math.max(1, Math.floor(leaseSeconds));
  const expired = `lease_owner IS NOT NULL AND heartbeat_at < now() - interval '${seconds} seconds'`;
  const lost = await db.prisma.$queryRawUnsafe<LostRow[]>(
    `SELECT id::text, status::text, lease_owner, heartbeat_at FROM sync_job WHERE status IN (${sqlStatuses(JOB.RUNNING, JOB.CANCELLING)}) AND ${expired}`,
  );
  const reaped: ReapedJob[] = [];
  for (const job of lost) {
    const silentFor = Math.round((Date.now() - new Date(job.heartbeat_at).getTime()) / 1000);
    const event =
      job.status === JOB.CANCELLING
        ? await applyJobChange(db.prisma, job.id, {
            to: JOB.CANCELLED,
            from: [JOB.CANCELLING],
            guard: expired,
            eventType: "status",
            patch: { errorCategory: "cancelled_by_user" },
          })
        : await applyJobChange(db.prisma, job.id, {
            to: JOB.FAILED,
            from: [JOB.RUNNING],
            guard: expired,
            eventType: "status",
            patch: {
              error: `Worker lost: ${job.lease_owner} stopped sending heartbeats ${silentFor}s ago (lease ${seconds}s). Run the sync again; it converges.`,
              errorCategory: "worker_lost",
              errorDetails: { stage: "worker", error_class: "WorkerLost", worker: job.lease_owner },
            },
          });
    if (event) reaped.push({ id: job.id, status: job.status === JOB.CANCELLING ? JOB.CANCELLED : JOB.FAILED });
  }
  return reaped;
}

/**
 * The backstop of WEFT_JOB_MAX_SECONDS: a RUNNING job started more than `maxSeconds + graceSeconds` ago (its worker
 * should have stopped it at `maxSeconds`) ends FAILED "timeout"; its worker sees that at its next heartbeat and stops.
 */
export async function reapTimedOutJobs(db: Database, maxSeconds: number, graceSeconds: number): Promise<string[]> {
  const limit = Math.floor(maxSeconds) + Math.max(1, Math.floor(graceSeconds));
  const overdue = `started_at < now() - interval '${limit} seconds'`;
  const rows = await db.prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text FROM sync_job WHERE status = ${sqlStatuses(JOB.RUNNING)} AND ${overdue}`,
  );
  const reaped: string[] = [];
  for (const job of rows) {
    const event = await applyJobChange(db.prisma, job.id, {
      to: JOB.FAILED,
      from: [JOB.RUNNING],
      guard: overdue,
      eventType: "status",
      patch: {
        error: `The job ran longer than WEFT_JOB_MAX_SECONDS (${Math.floor(maxSeconds)} s) and was stopped.`,
        errorCategory: "timeout",
        errorDetails: { stage: "worker", error_class: "JobTimeout" },
      },
    });
    if (event) reaped.push(job.id);
  }
  return reaped;
}

/**
 * Queues again RUNNING jobs handed back on shutdown and PENDING jobs older than `afterSeconds`: of those, only the
 * `orgMaxRunning` oldest of each organization (the ones that may take a slot next), so an organization with a long
 * backlog does not make every worker re-check every waiting job on each pass.
 */
export async function requeueStranded(
  db: Database,
  queue: JobQueue,
  orgMaxRunning: number,
  afterSeconds = 15,
): Promise<string[]> {
  const rows = await db.prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text FROM (
       SELECT id, created_at, row_number() OVER (PARTITION BY organization_id ORDER BY created_at, id) AS place
         FROM sync_job WHERE status = ${sqlStatuses(JOB.PENDING)}
     ) waiting
      WHERE place <= $1::int AND created_at < now() - interval '${Math.floor(afterSeconds)} seconds'
     UNION ALL
     SELECT id::text FROM sync_job WHERE status = ${sqlStatuses(JOB.RUNNING)} AND lease_owner IS NULL`,
    orgMaxRunning,
  );
  for (const row of rows) await queue.enqueue(row.id);
  return rows.map((r) => r.id);
}
