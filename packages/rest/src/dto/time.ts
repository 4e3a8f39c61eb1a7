import { JOB } from "@weft/job-model";
// Timestamps as CONTRACT.md wants them: ISO 8601 UTC with milliseconds and `Z`, or null.
export function iso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}

/** completed_at − started_at in seconds; null while running and for FAILED jobs. */
export function durationSeconds(job: {
  status: string;
  startedAt: Date | null;
  completedAt: Date | null;
}): number | null {
  if (job.status === JOB.FAILED || !job.startedAt || !job.completedAt) return null;
  return (job.completedAt.getTime() - job.startedAt.getTime()) / 1000;
}
