// Fair use between organizations: at most `maxRunning` jobs of one organization hold a slot (RUNNING or CANCELLING)
// at once, across every worker and process. A claim counts the slots under a transaction-scoped advisory lock on the
// organization, so two workers can never both take the last slot. A job that finds no slot stays PENDING without a
// queue entry (its worker is free at once for other organizations) and is queued again, oldest first, when a job
// of its organization ends, or by the reaper as a backstop.
import type { Database } from "@weft/db";
import type { JobQueue } from "../queue/index";
import { claimJob, type JobEvent } from "./transitions";
import { JOB } from "@weft/job-model";
import { sqlStatuses } from "./sql";

export type SlotClaim =
  | { outcome: "claimed"; event: JobEvent; organizationId: string }
  | { outcome: "deferred"; ahead: string[] }
  | { outcome: "skipped" };

type JobRow = { organization_id: string; status: string; lease_owner: string | null };

/**
 * Claims `jobId` for `workerId` if its organization has a free slot and no older PENDING job is waiting for it
 * (jobs start in the order they were created). `ahead` lists the older jobs that should start first.
 */
export async function claimWithinOrgLimit(
  db: Database,
  jobId: string,
  workerId: string,
  maxRunning: number,
): Promise<SlotClaim> {
  const result = await db.prisma.$transaction(async (tx): Promise<SlotClaim> => {
    const [job] = await tx.$queryRawUnsafe<JobRow[]>(
      `SELECT organization_id::text, status::text, lease_owner FROM sync_job WHERE id = $1::uuid`,
      jobId,
    );
    if (!job) return { outcome: "skipped" };
    const claim = async (): Promise<SlotClaim> => {
      const event = await claimJob(tx, jobId, workerId);
      return event ? { outcome: "claimed", event, organizationId: job.organization_id } : { outcome: "skipped" };
    };
    // A job handed back on shutdown still holds its slot: it is resumed whatever the count.
    if (job.status === JOB.RUNNING && job.lease_owner === null) return claim();
    if (job.status !== JOB.PENDING) return { outcome: "skipped" };
    await tx.$queryRawUnsafe(
      `SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('weft:org-slots:' || $1::text))) AS locked`,
      job.organization_id,
    );
    // Read after the lock: READ COMMITTED gives this statement a snapshot that includes every earlier claim.
    const [slots] = await tx.$queryRawUnsafe<{ running: number; ahead: string[] }[]>(
      `SELECT
         (SELECT count(*)::int FROM sync_job WHERE organization_id = $1::uuid AND status IN (${sqlStatuses(JOB.RUNNING, JOB.CANCELLING)})) AS running,
         array(SELECT p.id::text FROM sync_job p, sync_job me
                WHERE me.id = $2::uuid AND p.organization_id = $1::uuid AND p.status = ${sqlStatuses(JOB.PENDING)}
                  AND (p.created_at, p.id) < (me.created_at, me.id)
                ORDER BY p.created_at, p.id LIMIT $3::int) AS ahead`,
      job.organization_id,
      jobId,
      maxRunning,
    );
    const free = maxRunning - (slots?.running ?? 0);
    if (free <= 0) return { outcome: "deferred", ahead: [] };
    const ahead = slots?.ahead ?? [];
    if (ahead.length >= free) return { outcome: "deferred", ahead: ahead.slice(0, free) };
    return claim();
  });
  return result;
}

/** After a job of `organizationId` ended: queue the oldest PENDING jobs that may take the freed slots. */
export async function queueWaitingJobs(
  db: Database,
  queue: JobQueue,
  organizationId: string,
  maxRunning: number,
): Promise<void> {
  const rows = await db.prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text FROM sync_job WHERE organization_id = $1::uuid AND status = ${sqlStatuses(JOB.PENDING)} ORDER BY created_at, id LIMIT $2::int`,
    organizationId,
    maxRunning,
  );
  for (const row of rows) await queue.enqueue(row.id);
}
