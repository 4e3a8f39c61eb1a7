// The job state machine: the one place that says which status may follow which (CONTRACT.md), and what each
// transition stamps. Every change of status goes through transitions.ts, which enforces this table in SQL.
import type { SyncJobStatus } from "@weft/db";

export type JobStatus = SyncJobStatus;

export const ACTIVE_STATUSES = ["PENDING", "RUNNING", "CANCELLING"] as const satisfies readonly JobStatus[];
export const END_STATUSES = ["COMPLETED", "FAILED", "CANCELLED"] as const satisfies readonly JobStatus[];

/** For each target status, the statuses it may be reached from. End states never change. */
export const ALLOWED_FROM: Record<JobStatus, readonly JobStatus[]> = {
  CREATED: [],
  PENDING: [],
  RUNNING: ["PENDING"],
  CANCELLING: ["RUNNING"],
  COMPLETED: ["RUNNING"],
  CANCELLED: ["PENDING", "CANCELLING"],
  FAILED: ["PENDING", "RUNNING", "CANCELLING"],
};

/** The timestamp column each target status sets. */
export const STAMPED_AT: Partial<Record<JobStatus, "started_at" | "completed_at" | "failed_at">> = {
  RUNNING: "started_at",
  COMPLETED: "completed_at",
  CANCELLED: "completed_at",
  FAILED: "failed_at",
};

export function isEndStatus(status: JobStatus): boolean {
  return (END_STATUSES as readonly JobStatus[]).includes(status);
}

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return ALLOWED_FROM[to].includes(from);
}
