// Starts scheduled runs. A due time is claimed by inserting its (sync, due_at) row: the unique key lets exactly one
// worker act on it however many run, and next_run_at lives in the database, so schedules survive restarts (a time
// missed while everything was down runs once, then the schedule continues from now).
import type { Database } from "@weft/db";
import { startRun } from "../jobs/start-run";
import type { JobQueue } from "../queue/index";
import { logger } from "../log";
import { nextRunAfter } from "./cron";
import { ACTIVE_STATUSES } from "@weft/job-model";

const log = logger("scheduler");

type DueRow = { id: string; cron: string; next_run_at: Date; source_connection_id: string; organization_id: string };

export type ScheduleOutcome = {
  syncId: string;
  dueAt: Date;
  outcome: "started" | "skipped_active";
  jobId: string | null;
};

export async function runDueSchedules(db: Database, queue: JobQueue, now = new Date()): Promise<ScheduleOutcome[]> {
  const due = await db.prisma.$queryRawUnsafe<DueRow[]>(
    `SELECT s.id::text, s.cron, s.next_run_at, s.source_connection_id::text, c.organization_id::text
       FROM sync s JOIN source_connection c ON c.id = s.source_connection_id
      WHERE s.status = 'active' AND s.cron IS NOT NULL AND s.next_run_at <= $1::timestamptz`,
    now,
  );
  const outcomes: ScheduleOutcome[] = [];
  for (const sync of due) {
    const outcome = await db.prisma
      .$transaction(async (tx) => {
        const dueAt = new Date(sync.next_run_at);
        const claimed = await tx.$executeRawUnsafe(
          `UPDATE sync SET next_run_at = $3::timestamptz WHERE id = $1::uuid AND next_run_at = $2::timestamptz`,
          sync.id,
          dueAt,
          nextRunAfter(sync.cron, now),
        );
        if (claimed === 0) return null; // another worker took this due time
        const active = await tx.syncJob.findFirst({
          where: { sourceConnectionId: sync.source_connection_id, status: { in: [...ACTIVE_STATUSES] } },
          select: { id: true },
        });
        const job = active
          ? null
          : await startRun(db, queue, {
              tx,
              organizationId: sync.organization_id,
              sourceConnectionId: sync.source_connection_id,
              scheduled: true,
            });
        const result: ScheduleOutcome = {
          syncId: sync.id,
          dueAt,
          outcome: job ? "started" : "skipped_active",
          jobId: job?.id ?? active?.id ?? null,
        };
        await tx.scheduleRun.create({ data: { syncId: sync.id, dueAt, outcome: result.outcome, jobId: result.jobId } });
        return result;
      })
      .catch((error: unknown) => {
        // A race with a manual run rolls back the claim; the next tick sees the active job and records the skip.
        log.warn({ err: error, sync_id: sync.id }, "schedule not applied this tick");
        return null;
      });
    if (outcome) outcomes.push(outcome);
  }
  return outcomes;
}
