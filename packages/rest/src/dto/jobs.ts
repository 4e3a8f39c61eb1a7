// Job DTOs. Source-connection job objects (run, list, cancel, last_job) carry exactly the documented fields plus
// error_category, with UPPERCASE statuses; the job detail and SSE use lowercase with RUNNING written `in_progress`
// (CONTRACT.md "Status values").
import { z } from "zod";
import type { JobView } from "@weft/api";
import { durationSeconds, iso } from "./time";
import { JOB_STATUSES, PUBLIC_STATUSES, toPublicStatus } from "@weft/job-model";

const timestamp = z.string().nullable().describe("ISO 8601 UTC, e.g. 2026-11-26T10:15:30.123Z");
const record = z.record(z.string(), z.unknown());

export const sourceConnectionJobSchema = z.object({
  id: z.string(),
  source_connection_id: z.string(),
  status: z.enum(JOB_STATUSES),
  started_at: timestamp,
  completed_at: timestamp,
  duration_seconds: z.number().nullable(),
  entities_inserted: z.number().int(),
  entities_updated: z.number().int(),
  entities_deleted: z.number().int(),
  entities_failed: z.number().int(),
  error: z.string().nullable(),
  error_details: record.nullable(),
  error_category: z.string().nullable(),
});

export function sourceConnectionJobDto(job: JobView): z.infer<typeof sourceConnectionJobSchema> {
  return {
    id: job.id,
    source_connection_id: job.sourceConnectionId,
    status: job.status,
    started_at: iso(job.startedAt),
    completed_at: iso(job.completedAt),
    duration_seconds: durationSeconds(job),
    entities_inserted: job.entitiesInserted,
    entities_updated: job.entitiesUpdated,
    entities_deleted: job.entitiesDeleted,
    entities_failed: job.entitiesFailed,
    error: job.error,
    error_details: (job.errorDetails as Record<string, unknown> | null) ?? null,
    error_category: job.errorCategory,
  };
}

export const syncJobSchema = z.object({
  id: z.string(),
  sync_id: z.string(),
  sync_name: z.string(),
  source_connection_id: z.string(),
  organization_id: z.string(),
  status: z.enum(PUBLIC_STATUSES),
  scheduled: z.boolean(),
  entities_inserted: z.number().int(),
  entities_updated: z.number().int(),
  entities_deleted: z.number().int(),
  entities_kept: z.number().int(),
  entities_skipped: z.number().int(),
  entities_failed: z.number().int(),
  entities_encountered: z.record(z.string(), z.number().int()),
  started_at: timestamp,
  completed_at: timestamp,
  failed_at: timestamp,
  duration_seconds: z.number().nullable(),
  error: z.string().nullable(),
  error_category: z.string().nullable(),
  error_details: record.nullable(),
  sync_config: record.nullable(),
  sync_metadata: record.nullable(),
  created_at: z.string(),
  modified_at: z.string(),
  created_by_email: z.string().nullable(),
  modified_by_email: z.string().nullable(),
});

export function syncJobDto(job: JobView): z.infer<typeof syncJobSchema> {
  return {
    id: job.id,
    sync_id: job.syncId,
    sync_name: job.syncName,
    source_connection_id: job.sourceConnectionId,
    organization_id: job.organizationId,
    status: toPublicStatus(job.status),
    scheduled: job.scheduled,
    entities_inserted: job.entitiesInserted,
    entities_updated: job.entitiesUpdated,
    entities_deleted: job.entitiesDeleted,
    entities_kept: job.entitiesKept,
    entities_skipped: job.entitiesSkipped,
    entities_failed: job.entitiesFailed,
    entities_encountered: job.entitiesEncountered as Record<string, number>,
    started_at: iso(job.startedAt),
    completed_at: iso(job.completedAt),
    failed_at: iso(job.failedAt),
    duration_seconds: durationSeconds(job),
    error: job.error,
    error_category: job.errorCategory,
    error_details: (job.errorDetails as Record<string, unknown> | null) ?? null,
    sync_config: (job.syncConfig as Record<string, unknown> | null) ?? null,
    sync_metadata: (job.syncMetadata as Record<string, unknown> | null) ?? null,
    created_at: job.createdAt.toISOString(),
    modified_at: job.modifiedAt.toISOString(),
    created_by_email: job.createdByEmail,
    modified_by_email: job.modifiedByEmail,
  };
}
