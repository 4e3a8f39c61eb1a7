import { COUNTER_KEYS, isActiveStatus, type CounterKey } from "@weft/job-model";
import type { Job } from "@/trpc/types";

export { isActiveStatus, JOB_STATUSES } from "@weft/job-model";

export type Counts = Pick<
  Job,
  "entitiesInserted" | "entitiesUpdated" | "entitiesKept" | "entitiesDeleted" | "entitiesSkipped" | "entitiesFailed"
>;

/** The job row's field and the label of each counter. */
function counter(key: CounterKey): { key: keyof Counts; label: string } {
  switch (key) {
    case "inserted":
      return { key: "entitiesInserted", label: "Inserted" };
    case "updated":
      return { key: "entitiesUpdated", label: "Updated" };
    case "kept":
      return { key: "entitiesKept", label: "Kept" };
    case "deleted":
      return { key: "entitiesDeleted", label: "Deleted" };
    case "skipped":
      return { key: "entitiesSkipped", label: "Skipped" };
    case "failed":
      return { key: "entitiesFailed", label: "Failed" };
  }
}

export const COUNTERS = COUNTER_KEYS.map(counter);

const TRIGGER_LABELS: Record<string, string> = { manual: "Manual", api: "API", scheduled: "Scheduled" };

/** Who started a job, from its sync_metadata.trigger: Manual (web UI), API, or Scheduled. */
export function triggerOf(job: Pick<Job, "syncMetadata" | "scheduled">): string {
  const meta = job.syncMetadata;
  const trigger = meta && typeof meta === "object" && !Array.isArray(meta) ? meta.trigger : undefined;
  const name = typeof trigger === "string" ? trigger : job.scheduled ? "scheduled" : "api";
  return TRIGGER_LABELS[name] ?? name;
}

/** Seconds between start and end (completed, failed or now while active), null before it started. */
export function durationSeconds(
  job: Pick<Job, "startedAt" | "completedAt" | "failedAt" | "status">,
  now = Date.now(),
): number | null {
  if (!job.startedAt) return null;
  const end = job.completedAt ?? job.failedAt ?? (isActiveStatus(job.status) ? new Date(now) : null);
  return end ? Math.max(0, (end.getTime() - job.startedAt.getTime()) / 1000) : null;
}

/** Entities processed so far according to an event payload (snake_case cumulative counts). */
export function processedFromPayload(payload: Record<string, unknown>): number {
  return COUNTER_KEYS.reduce((sum, k) => {
    const value = payload[`entities_${k}`];
    return sum + (typeof value === "number" ? value : 0);
  }, 0);
}

/** Jobs per page in a connection's history (shared by the server prefetch and the client query: same key). */
export const JOB_PAGE_SIZE = 20;

/** Jobs per connection on the overview (shared by the server prefetch and RecentJobsBar's query: same key). */
export const RECENT_JOBS = 10;
