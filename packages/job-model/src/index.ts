// The job model in one dependency-free module: every package (engine, api, rest, web components, client) imports the
// statuses, the active/end sets, the transition table and the counter keys from here. Mappings over a status are
// exhaustive switches, so a new status is a type error everywhere it must be handled.

export const JOB_STATUSES = [
  "CREATED",
  "PENDING",
  "RUNNING",
  "COMPLETED",
  "FAILED",
  "CANCELLING",
  "CANCELLED",
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses of a job that still holds its connection's one active slot. */
export const ACTIVE_STATUSES = ["PENDING", "RUNNING", "CANCELLING"] as const satisfies readonly JobStatus[];
/** Statuses that never change again. */
export const END_STATUSES = ["COMPLETED", "FAILED", "CANCELLED"] as const satisfies readonly JobStatus[];
export type ActiveStatus = (typeof ACTIVE_STATUSES)[number];
export type EndStatus = (typeof END_STATUSES)[number];

/** For each target status, the statuses it may be reached from (CONTRACT.md). End states never change. */
export const ALLOWED_FROM: Record<JobStatus, readonly JobStatus[]> = {
  CREATED: [],
  PENDING: [],
  RUNNING: ["PENDING"],
  CANCELLING: ["RUNNING"],
  COMPLETED: ["RUNNING"],
  CANCELLED: ["PENDING", "CANCELLING"],
  FAILED: ["PENDING", "RUNNING", "CANCELLING"],
};

/** The timestamp column a transition into `status` stamps, if any. */
export function stampedAt(status: JobStatus): "started_at" | "completed_at" | "failed_at" | null {
  switch (status) {
    case "RUNNING":
      return "started_at";
    case "COMPLETED":
    case "CANCELLED":
      return "completed_at";
    case "FAILED":
      return "failed_at";
    case "CREATED":
    case "PENDING":
    case "CANCELLING":
      return null;
  }
}

export function isEndStatus(status: JobStatus): status is EndStatus {
  switch (status) {
    case "COMPLETED":
    case "FAILED":
    case "CANCELLED":
      return true;
    case "CREATED":
    case "PENDING":
    case "RUNNING":
    case "CANCELLING":
      return false;
  }
}

export function isActiveStatus(status: JobStatus | null | undefined): status is ActiveStatus {
  switch (status) {
    case "PENDING":
    case "RUNNING":
    case "CANCELLING":
      return true;
    case "CREATED":
    case "COMPLETED":
    case "FAILED":
    case "CANCELLED":
    case null:
    case undefined:
      return false;
  }
}

/** True while a worker is (or was just) processing the job: RUNNING or CANCELLING. */
export function isWorking(status: JobStatus | null | undefined): boolean {
  return status === JOB.RUNNING || status === JOB.CANCELLING;
}

/** Named constants, so code outside this module never spells a status as a string literal. */
export const JOB = {
  CREATED: "CREATED",
  PENDING: "PENDING",
  RUNNING: "RUNNING",
  COMPLETED: "COMPLETED",
  FAILED: "FAILED",
  CANCELLING: "CANCELLING",
  CANCELLED: "CANCELLED",
} as const satisfies { [S in JobStatus]: S };

/** The lowercase spelling of the job detail and SSE frames, with RUNNING written `in_progress` (CONTRACT.md). */
export const PUBLIC_STATUSES = [
  "created",
  "pending",
  "in_progress",
  "completed",
  "failed",
  "cancelling",
  "cancelled",
] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

export function toPublicStatus(status: JobStatus): PublicStatus {
  switch (status) {
    case "CREATED":
      return "created";
    case "PENDING":
      return "pending";
    case "RUNNING":
      return "in_progress";
    case "COMPLETED":
      return "completed";
    case "FAILED":
      return "failed";
    case "CANCELLING":
      return "cancelling";
    case "CANCELLED":
      return "cancelled";
  }
}

/** The public spelling of each status, derived from toPublicStatus (e.g. `PUBLIC_STATUS.RUNNING` is "in_progress"). */
export const PUBLIC_STATUS = Object.fromEntries(JOB_STATUSES.map((status) => [status, toPublicStatus(status)])) as {
  readonly [S in JobStatus]: PublicStatus;
};

/** A status a client wrote in either case (`in_progress` too), or null when it names none. */
export function parseStatus(input: string): JobStatus | null {
  const upper = input.trim().toUpperCase();
  if (upper === "IN_PROGRESS") return JOB.RUNNING;
  return (JOB_STATUSES as readonly string[]).includes(upper) ? (upper as JobStatus) : null;
}

/** The per-job entity counters, in the order people read them. */
export const COUNTER_KEYS = ["inserted", "updated", "kept", "deleted", "skipped", "failed"] as const;
export type CounterKey = (typeof COUNTER_KEYS)[number];
