// Source connection DTOs: the detail object (create, get, update, delete) and the list item. Secrets never appear:
// the view carries config without secret fields, and credentials not at all.
import { z } from "zod";
import type { ConnectionListItemView, ConnectionView } from "@weft/api";
import { sourceConnectionJobDto, sourceConnectionJobSchema } from "./jobs";
import { iso } from "./time";
import { isWorking, JOB } from "@weft/job-model";

const status = z.enum(["active", "inactive", "syncing", "error"]);

/** Airweave's one-word status: a paused schedule is "inactive"; otherwise the last job decides. A new connection's
 * answer shows its first job as created (PENDING), so it reads "active" even if a worker already took the job. */
function statusOf(c: Pick<ConnectionListItemView, "sync" | "lastJob">): z.infer<typeof status> {
  if (c.sync?.status === "paused") return "inactive";
  const last = c.lastJob?.status;
  if (isWorking(last)) return "syncing";
  return last === JOB.FAILED ? "error" : "active";
}

export const sourceConnectionSchema = z.object({
  id: z.string(),
  organization_id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  short_name: z.string(),
  readable_collection_id: z.string(),
  status,
  created_at: z.string(),
  modified_at: z.string(),
  config: z.record(z.string(), z.unknown()),
  sync_id: z.string(),
  auth: z.object({ method: z.literal("direct"), authenticated: z.boolean() }),
  schedule: z
    .object({
      cron: z.string().nullable(),
      next_run: z.string().nullable(),
      continuous: z.boolean(),
      cursor_field: z.string().nullable(),
      cursor_value: z.unknown(),
    })
    .nullable(),
  sync: z
    .object({
      total_runs: z.number().int(),
      successful_runs: z.number().int(),
      failed_runs: z.number().int(),
      last_job: sourceConnectionJobSchema.nullable(),
    })
    .nullable(),
  entities: z
    .object({
      total_entities: z.number().int(),
      by_type: z.record(z.string(), z.object({ count: z.number().int(), last_updated: z.string().nullable() })),
    })
    .nullable(),
  error_category: z.string().nullable(),
  error_message: z.string().nullable(),
});

function scheduleDto(c: ConnectionView): z.infer<typeof sourceConnectionSchema>["schedule"] {
  if (!c.sync.cron && !c.supportsContinuous) return null;
  const cursor = c.sync.cursor;
  return {
    cron: c.sync.cron,
    next_run: iso(c.sync.nextRunAt),
    continuous: c.supportsContinuous,
    cursor_field: c.cursorField,
    cursor_value: cursor ?? null,
  };
}

export function sourceConnectionDto(c: ConnectionView): z.infer<typeof sourceConnectionSchema> {
  const failed = c.lastJob?.status === JOB.FAILED ? c.lastJob : null;
  return {
    id: c.id,
    organization_id: c.organizationId,
    name: c.name,
    description: c.description,
    short_name: c.shortName,
    readable_collection_id: c.readableCollectionId,
    status: statusOf(c),
    created_at: c.createdAt.toISOString(),
    modified_at: c.modifiedAt.toISOString(),
    config: c.config as Record<string, unknown>,
    sync_id: c.sync.id,
    // Airweave's shape: a connection configured directly is always authenticated.
    auth: { method: "direct", authenticated: true },
    schedule: scheduleDto(c),
    sync: {
      total_runs: c.stats.totalRuns,
      successful_runs: c.stats.successfulRuns,
      failed_runs: c.stats.failedRuns,
      last_job: c.lastJob ? sourceConnectionJobDto(c.lastJob) : null,
    },
    entities: {
      total_entities: c.entities.total,
      by_type: Object.fromEntries(
        Object.entries(c.entities.byType).map(([type, t]) => [
          type,
          { count: t.count, last_updated: iso(t.lastUpdated) },
        ]),
      ),
    },
    error_category: failed?.errorCategory ?? null,
    error_message: failed?.error ?? null,
  };
}

export const sourceConnectionListItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  short_name: z.string(),
  readable_collection_id: z.string(),
  created_at: z.string(),
  modified_at: z.string(),
  is_authenticated: z.boolean(),
  entity_count: z.number().int(),
  auth_method: z.literal("direct"),
  status,
});

export function sourceConnectionListItemDto(c: ConnectionListItemView): z.infer<typeof sourceConnectionListItemSchema> {
  return {
    id: c.id,
    name: c.name,
    short_name: c.shortName,
    readable_collection_id: c.readableCollectionId,
    created_at: c.createdAt.toISOString(),
    modified_at: c.modifiedAt.toISOString(),
    is_authenticated: true,
    entity_count: c.entityCount,
    auth_method: "direct",
    status: statusOf(c),
  };
}
