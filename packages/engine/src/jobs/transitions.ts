// Every change to a job that others must see goes through `applyJobChange`: one guarded
// `UPDATE … WHERE status = ANY(allowed)` that stamps timestamps, takes the next event sequence under the row lock,
// appends the SyncJobEvent, writes the webhook outbox row (sync.*) and NOTIFYs listeners in other processes — all in
// one statement.
import type { Sql } from "./sql";
import { JOB_EVENTS_CHANNEL, sqlStatuses } from "./sql";
import { ALLOWED_FROM, COUNTER_KEYS, JOB, stampedAt, type CounterKey, type JobStatus } from "@weft/job-model";
import { emptyCounts } from "../pipeline/counts";
import { recordTransition } from "../metrics/record";
import { JOB_WEBHOOK_CTE } from "../webhooks/outbox";

/** The job's counters (COUNTER_KEYS) and how many entities of each type the source yielded. */
export type Counts = Record<CounterKey, number> & { encountered: Record<string, number> };

export type JobPatch = {
  counts?: Counts;
  error?: string | null;
  errorCategory?: string | null;
  errorDetails?: unknown;
  leaseOwner?: string | null;
  /** Stamp heartbeat_at = now() (true) or clear it (false). */
  heartbeat?: boolean;
  incrementAttempt?: boolean;
};

/** The snapshot every event carries: what SSE and the UI show. */
export type JobEventPayload = {
  status: JobStatus;
} & { [K in CounterKey as `entities_${K}`]: number } & {
  entities_encountered: Record<string, number>;
  error: string | null;
  error_category: string | null;
  expected_total?: number | null;
};

export type JobEvent = {
  jobId: string;
  organizationId: string;
  sourceConnectionId: string;
  seq: number;
  type: string;
  payload: JobEventPayload;
  createdAt: Date;
};

type Change = {
  to?: JobStatus;
  from: readonly JobStatus[];
  eventType: string;
  patch?: JobPatch;
  expectedTotal?: number | null;
  /** Extra SQL condition on the job row (constant text, never user input). */
  guard?: string;
};

function compilePatch(patch: JobPatch, params: unknown[]): string[] {
  const sets: string[] = [];
  const param = (value: unknown, cast: string) => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };
  const { counts } = patch;
  if (counts) {
    sets.push(
      ...COUNTER_KEYS.map((key) => `entities_${key} = ${param(counts[key], "int")}`),
      `entities_encountered = ${param(JSON.stringify(counts.encountered), "jsonb")}`,
    );
  }
  if (patch.error !== undefined) sets.push(`error = ${param(patch.error, "text")}`);
  if (patch.errorCategory !== undefined) sets.push(`error_category = ${param(patch.errorCategory, "text")}`);
  if (patch.errorDetails !== undefined) {
    sets.push(
      `error_details = ${param(patch.errorDetails === null ? null : JSON.stringify(patch.errorDetails), "jsonb")}`,
    );
  }
  if (patch.leaseOwner !== undefined) sets.push(`lease_owner = ${param(patch.leaseOwner, "text")}`);
  if (patch.heartbeat !== undefined) sets.push(patch.heartbeat ? "heartbeat_at = now()" : "heartbeat_at = NULL");
  if (patch.incrementAttempt) sets.push("attempt = attempt + 1");
  return sets;
}

type Row = {
  job_id: string;
  organization_id: string;
  source_connection_id: string;
  seq: number;
  type: string;
  payload: JobEventPayload;
  created_at: Date;
};

/** Applies the change if the job's status is one of `from`; returns the appended event, or null when refused. */
export async function applyJobChange(sql: Sql, jobId: string, change: Change): Promise<JobEvent | null> {
  // Statuses come from the typed table, never from input, so they are inlined as literals.
  const from = sqlStatuses(...change.from);
  const params: unknown[] = [jobId, change.eventType, change.expectedTotal ?? null];
  const sets = ["event_seq = event_seq + 1", "modified_at = now()", ...compilePatch(change.patch ?? {}, params)];
  if (change.to) {
    params.push(change.to);
    sets.push(`status = $${params.length}::sync_job_status`);
    const stamp = stampedAt(change.to);
    if (stamp) sets.push(`${stamp} = now()`);
  }
  const rows = await sql.$queryRawUnsafe<Row[]>(
    `WITH updated AS (
       UPDATE sync_job SET ${sets.join(", ")}
       WHERE id = $1::uuid AND status IN (${from}) ${change.guard ? `AND (${change.guard})` : ""}
       RETURNING *
     ), event AS (
       INSERT INTO sync_job_event (job_id, seq, type, payload)
       SELECT id, event_seq, $2::text, jsonb_build_object(
         'status', status, 'entities_inserted', entities_inserted, 'entities_updated', entities_updated,
         'entities_deleted', entities_deleted, 'entities_kept', entities_kept, 'entities_skipped', entities_skipped,
         'entities_failed', entities_failed, 'entities_encountered', entities_encountered, 'error', error,
         'error_category', error_category, 'expected_total', $3::int)
       FROM updated
       RETURNING job_id, seq, type, payload, created_at
     ), ${JOB_WEBHOOK_CTE}
     SELECT e.job_id::text, u.organization_id::text, u.source_connection_id::text, e.seq, e.type, e.payload, e.created_at,
       pg_notify('${JOB_EVENTS_CHANNEL}', jsonb_build_object(
         'job_id', e.job_id, 'organization_id', u.organization_id, 'source_connection_id', u.source_connection_id,
         'seq', e.seq, 'type', e.type, 'created_at', e.created_at,
         'payload', CASE WHEN length(e.payload::text) < 6000 THEN e.payload END)::text)::text AS notified
     FROM event e JOIN updated u ON u.id = e.job_id`,
    ...params,
  );
  const row = rows[0];
  if (!row) return null;
  // Counted where the transition is made (a worker's RUNNING/COMPLETED, an API process's CANCELLING, …).
  if (change.to) recordTransition(change.to);
  return {
    jobId: row.job_id,
    organizationId: row.organization_id,
    sourceConnectionId: row.source_connection_id,
    seq: Number(row.seq),
    type: row.type,
    payload: row.payload,
    createdAt: new Date(row.created_at),
  };
}

/** A status transition, guarded by the state machine's table. */
export function transitionJob(
  sql: Sql,
  jobId: string,
  to: JobStatus,
  patch?: JobPatch,
  from: readonly JobStatus[] = ALLOWED_FROM[to],
) {
  return applyJobChange(sql, jobId, { to, from, eventType: "status", patch });
}

/** Cumulative progress of a running job (no status change); null once the job left RUNNING (e.g. CANCELLING). */
export function recordProgress(sql: Sql, jobId: string, counts: Counts, expectedTotal: number | null) {
  return applyJobChange(sql, jobId, {
    from: [JOB.RUNNING],
    eventType: "progress",
    patch: { counts, heartbeat: true },
    expectedTotal,
  });
}

/**
 * A worker takes a job: PENDING → RUNNING, or a RUNNING job whose worker handed it back on shutdown (lease released).
 * Sets the lease and counts the attempt; counts restart, since the new attempt re-reads the source.
 */
export function claimJob(sql: Sql, jobId: string, workerId: string) {
  return applyJobChange(sql, jobId, {
    to: JOB.RUNNING,
    from: [JOB.PENDING, JOB.RUNNING],
    guard: `status = ${sqlStatuses(JOB.PENDING)} OR lease_owner IS NULL`,
    eventType: "status",
    patch: { leaseOwner: workerId, heartbeat: true, incrementAttempt: true, counts: emptyCounts() },
  });
}

/** On clean shutdown: release the lease of a RUNNING job so another worker claims it again. */
export function handBackJob(sql: Sql, jobId: string, workerId: string) {
  return applyJobChange(sql, jobId, {
    from: [JOB.RUNNING],
    guard: `lease_owner = '${workerId.replace(/'/g, "''")}'`,
    eventType: "handed_back",
    patch: { leaseOwner: null, heartbeat: false },
  });
}
