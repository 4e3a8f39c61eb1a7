// Recovery from crashed workers: a job whose lease (heartbeat) expired leaves RUNNING, and jobs nobody is working on
// (PENDING for a while, or handed back on shutdown) are queued again. Every worker runs this; the guarded updates
// make concurrent reapers harmless.
import type { Database } from "@weft/db";
import type { JobQueue } from "../queue/index";
import { applyJobChange } from "./transitions";

type LostRow = { id: string; status: "RUNNING" | "CANCELLING"; lease_owner: string; heartbeat_at: Date };

export type ReapedJob = { id: string; status: "FAILED" | "CANCELLED" };

export async function reapLostJobs(db: Database, leaseSeconds: number): Promise<ReapedJob[]> {
  const seconds = Math.max(1, Math.floor(leaseSeconds));
  const expired = `lease_owner IS NOT NULL AND heartbeat_at < now() - interval '${seconds} seconds'`;
  const lost = await db.prisma.$queryRawUnsafe<LostRow[]>(
    `SELECT id::text, status::text, lease_owner, heartbeat_at FROM sync_job WHERE status IN ('RUNNING', 'CANCELLING') AND ${expired}`,
  );
  const reaped: ReapedJob[] = [];
  for (const job of lost) {
    const silentFor = Math.round((Date.now() - new Date(job.heartbeat_at).getTime()) / 1000);
    const event =
      job.status === "CANCELLING"
        ? await applyJobChange(db.prisma, job.id, { to: "CANCELLED", from: ["CANCELLING"], guard: expired, eventType: "status", patch: { errorCategory: "cancelled_by_user" } })
        : await applyJobChange(db.prisma, job.id, {
            to: "FAILED",
            from: ["RUNNING"],
            guard: expired,
            eventType: "status",
            patch: {
                        error: `Worker lost: ${job.lease_owner} stopped sending heartbeats ${silentFor}s ago (lease ${seconds}s). Run the sync again; it converges.`,
              errorCategory: "worker_lost",
              errorDetails: { stage: "worker", error_class: "WorkerLost", worker: job.lease_owner },
            },
          });
    if (event) reaped.push({ id: job.id, status: job.status === "CANCELLING" ? "CANCELLED" : "FAILED" });
  }
  return reaped;
}

/** Queues again PENDING jobs older than `afterSeconds` and RUNNING jobs handed back on shutdown. */
export async function requeueStranded(db: Database, queue: JobQueue, afterSeconds = 15): Promise<string[]> {
  const rows = await db.prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text FROM sync_job
      WHERE (status = 'PENDING' AND created_at < now() - interval '${Math.floor(afterSeconds)} seconds')
         OR (status = 'RUNNING' AND lease_owner IS NULL)`,
  );
  for (const row of rows) await queue.enqueue(row.id);
  return rows.map((r) => r.id);
}
