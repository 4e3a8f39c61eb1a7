// The outbox: a webhook message is one row written through the caller's transaction (or, for job transitions, in the
// very statement that changes the job), so a committed change always has its message and a rolled-back one never.
// Workers fan the rows out into deliveries (relay.ts). Organizations without any subscription record nothing.
import { END_STATUSES, JOB, JOB_STATUSES, type JobStatus } from "@weft/job-model";
import { sqlStatuses, type Sql } from "../jobs/sql";
import { webhookId, type WebhookEventType } from "./events";

/** ISO-8601 UTC with milliseconds, in SQL (what `Date.toISOString()` gives). */
const SQL_ISO_NOW = `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Records a resource event in the caller's transaction. `fields` complete the payload (WEBHOOKS.md "Events"). */
export async function recordWebhookEvent(
  tx: Sql,
  organizationId: string,
  eventType: WebhookEventType,
  fields: Record<string, unknown>,
): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO webhook_message (id, organization_id, event_type, payload)
     SELECT $1, $2::uuid, $3, jsonb_build_object('event_type', $3::text, 'timestamp', ${SQL_ISO_NOW}, 'organization_id', $2::text) || $4::jsonb
     WHERE EXISTS (SELECT 1 FROM webhook_subscription WHERE organization_id = $2::uuid)`,
    webhookId("msg"),
    organizationId,
    eventType,
    JSON.stringify(fields),
  );
}

/** The `sync.*` event a job reaching `status` announces; CREATED and CANCELLING announce none. */
function jobWebhookEvent(status: JobStatus): WebhookEventType | null {
  switch (status) {
    case JOB.PENDING:
      return "sync.pending";
    case JOB.RUNNING:
      return "sync.running";
    case JOB.COMPLETED:
      return "sync.completed";
    case JOB.FAILED:
      return "sync.failed";
    case JOB.CANCELLED:
      return "sync.cancelled";
    case JOB.CREATED:
    case JOB.CANCELLING:
      return null;
  }
}

const EVENT_CASES = JOB_STATUSES.flatMap((status) => {
  const event = jobWebhookEvent(status);
  return event ? [`WHEN '${status}' THEN '${event}'`] : [];
}).join(" ");

/**
 * A CTE for transitions.ts's statement: the job's `sync.*` message, built from the updated row `updated` when the
 * change is a status event (`$2 = 'status'`). CANCELLING has no event of its own. Counters only on terminal events.
 */
export const JOB_WEBHOOK_CTE = `webhook AS (
  INSERT INTO webhook_message (id, organization_id, event_type, payload)
  SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), u.organization_id, t.event_type,
    jsonb_build_object(
      'event_type', t.event_type, 'timestamp', ${SQL_ISO_NOW}, 'organization_id', u.organization_id::text,
      'sync_id', u.sync_id::text, 'sync_job_id', u.id::text, 'collection_id', c.id::text, 'collection_name', c.name,
      'collection_readable_id', c.readable_id, 'source_connection_id', sc.id::text, 'source_type', sc.short_name,
      'entities_inserted', CASE WHEN t.terminal THEN u.entities_inserted ELSE 0 END,
      'entities_updated', CASE WHEN t.terminal THEN u.entities_updated ELSE 0 END,
      'entities_deleted', CASE WHEN t.terminal THEN u.entities_deleted ELSE 0 END,
      'entities_skipped', CASE WHEN t.terminal THEN u.entities_skipped ELSE 0 END,
      'chunks_written', 0,
      'error', CASE WHEN u.status = ${sqlStatuses(JOB.FAILED)} THEN coalesce(u.error, 'failed') END)
  FROM updated u
  JOIN source_connection sc ON sc.id = u.source_connection_id
  JOIN collection c ON c.id = sc.collection_id
  CROSS JOIN LATERAL (SELECT CASE u.status ${EVENT_CASES} END AS event_type,
      u.status IN (${sqlStatuses(...END_STATUSES)}) AS terminal) t
  WHERE $2::text = 'status' AND t.event_type IS NOT NULL
    AND EXISTS (SELECT 1 FROM webhook_subscription s WHERE s.organization_id = u.organization_id)
)`;
