import type { Job, JobStatus } from "@/trpc/types";

export const JOB_STATUSES = ["CREATED", "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLING", "CANCELLED"] as const satisfies readonly JobStatus[];

const ACTIVE: readonly JobStatus[] = ["PENDING", "RUNNING", "CANCELLING"];

export function isActiveStatus(status: JobStatus | undefined | null): boolean {
  return status ? ACTIVE.includes(status) : false;
}

export type Counts = Pick<Job, "entitiesInserted" | "entitiesUpdated" | "entitiesKept" | "entitiesDeleted" | "entitiesSkipped" | "entitiesFailed">;

export const COUNTERS = [
  { key: "entitiesInserted", label: "Inserted" },
  { key: "entitiesUpdated", label: "Updated" },
  { key: "entitiesKept", label: "Kept" },
  { key: "entitiesDeleted", label: "Deleted" },
  { key: "entitiesSkipped", label: "Skipped" },
  { key: "entitiesFailed", label: "Failed" },
] as const satisfies readonly { key: keyof Counts; label: string }[];

const TRIGGER_LABELS: Record<string, string> = { manual: "Manual", api: "API", scheduled: "Scheduled" };

/** Who started a job, from its sync_metadata.trigger: Manual (web UI), API, or Scheduled. */
export function triggerOf(job: Pick<Job, "syncMetadata" | "scheduled">): string {
  const meta = job.syncMetadata;
  const trigger = meta && typeof meta === "object" && !Array.isArray(meta) ? meta.trigger : undefined;
  const name = typeof trigger === "string" ? trigger : job.scheduled ? "scheduled" : "api";
  return TRIGGER_LABELS[name] ?? name;
}

/** Seconds between start and end (completed, failed or now while active), null before it started. */
export function durationSeconds(job: Pick<Job, "startedAt" | "completedAt" | "failedAt" | "status">, now = Date.now()): number | null {
  if (!job.startedAt) return null;
  const end = job.completedAt ?? job.failedAt ?? (isActiveStatus(job.status) ? new Date(now) : null);
  return end ? Math.max(0, (end.getTime() - job.startedAt.getTime()) / 1000) : null;
}

/** Entities processed so far according to an event payload (snake_case cumulative counts). */
export function processedFromPayload(payload: Record<string, unknown>): number {
  return ["inserted", "updated", "kept", "deleted", "skipped", "failed"].reduce((sum, k) => {
    const value = payload[`entities_${k}`];
    return sum + (typeof value === "number" ? value : 0);
  }, 0);
}

/** Jobs per page in a connection's history (shared by the server prefetch and the client query: same key). */
export const JOB_PAGE_SIZE = 20;
