// What a client may see, as named views that procedures declare with `.output()`: tRPC validates every answer
// against them and strips whatever else a row carries (a job's lease, heartbeat, attempt and event sequence are the
// workers' business, not the client's).
import type { Prisma } from "@weft/db";
import { JOB_STATUSES } from "@weft/job-model";
import { z } from "zod";

const json = z.custom<Prisma.JsonValue>((value) => value !== undefined);
const when = z.date().nullable();

export const jobView = z.object({
  id: z.string(),
  syncId: z.string(),
  syncName: z.string(),
  sourceConnectionId: z.string(),
  organizationId: z.string(),
  status: z.enum(JOB_STATUSES),
  scheduled: z.boolean(),
  forceFullSync: z.boolean(),
  entitiesInserted: z.number().int(),
  entitiesUpdated: z.number().int(),
  entitiesDeleted: z.number().int(),
  entitiesKept: z.number().int(),
  entitiesSkipped: z.number().int(),
  entitiesFailed: z.number().int(),
  entitiesEncountered: json,
  startedAt: when,
  completedAt: when,
  failedAt: when,
  error: z.string().nullable(),
  errorCategory: z.string().nullable(),
  errorDetails: json.nullable(),
  syncConfig: json.nullable(),
  syncMetadata: json.nullable(),
  createdByEmail: z.string().nullable(),
  modifiedByEmail: z.string().nullable(),
  createdAt: z.date(),
  modifiedAt: z.date(),
});
export type JobView = z.infer<typeof jobView>;

export const jobPage = z.object({ items: z.array(jobView), nextCursor: z.string().nullable() });

export const jobEventView = z.object({ seq: z.number().int(), type: z.string(), payload: json, createdAt: z.date() });

// One event of a job's live stream (jobProgress), as subscribers see it: its cumulative counts and status, nothing
// else its payload may carry. tRPC 11's `.output()` would validate the stream as a whole, not each event, so the
// subscription parses every event it yields against this.
const count = z.number().int();
export const jobStreamEventView = z.object({
  jobId: z.string(),
  seq: z.number().int(),
  type: z.string(),
  createdAt: z.date(),
  status: z.enum(JOB_STATUSES),
  entities_inserted: count,
  entities_updated: count,
  entities_deleted: count,
  entities_kept: count,
  entities_skipped: count,
  entities_failed: count,
  entities_encountered: z.record(z.string(), z.number()),
  error: z.string().nullable().default(null),
  error_category: z.string().nullable().default(null),
  expected_total: z.number().int().nullish(),
});
export type JobStreamEventView = z.infer<typeof jobStreamEventView>;

// An organization's activity event (orgActivity): which job changed, and its new state when the notice carried it.
export const orgActivityEventView = z.object({
  jobId: z.string(),
  organizationId: z.string(),
  sourceConnectionId: z.string(),
  seq: z.number().int(),
  type: z.string(),
  createdAt: z.date(),
  payload: jobStreamEventView.omit({ jobId: true, seq: true, type: true, createdAt: true }).nullable(),
});

// A connection's sync as clients see it: its schedule and cursor (the REST schedule object and the UI show them).
const syncView = z.object({
  id: z.string(),
  name: z.string(),
  cron: z.string().nullable(),
  status: z.enum(["active", "paused"]),
  nextRunAt: when,
  cursor: json.nullable(),
  cursorUpdatedAt: when,
  createdAt: z.date(),
  modifiedAt: z.date(),
});

// The connection's own columns; credentials are never here (only whether there are any). Its state is its schedule's
// (`sync.status`) and its last job's: Airweave's one-word connection status is derived from them in @weft/rest.
const connectionFields = {
  id: z.string(),
  organizationId: z.string(),
  collectionId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  shortName: z.string(),
  config: json,
  createdByEmail: z.string().nullable(),
  modifiedByEmail: z.string().nullable(),
  createdAt: z.date(),
  modifiedAt: z.date(),
  readableCollectionId: z.string(),
  lastJob: jobView.nullable(),
};

export const connectionView = z.object({
  ...connectionFields,
  sync: syncView,
  hasCredentials: z.boolean(),
  supportsContinuous: z.boolean(),
  cursorField: z.string().nullable(),
  stats: z.object({ totalRuns: z.number().int(), successfulRuns: z.number().int(), failedRuns: z.number().int() }),
  entities: z.object({
    total: z.number().int(),
    byType: z.record(z.string(), z.object({ count: z.number().int(), lastUpdated: when })),
  }),
});

export const connectionListItemView = z.object({
  ...connectionFields,
  sync: syncView.nullable(),
  entityCount: z.number().int(),
});

export const collectionView = z.object({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  readableId: z.string(),
  createdByEmail: z.string().nullable(),
  modifiedByEmail: z.string().nullable(),
  createdAt: z.date(),
  modifiedAt: z.date(),
  status: z.enum(["ACTIVE", "NEEDS SOURCE", "ERROR"]),
  sourceConnections: z.array(
    z.object({ shortName: z.string(), name: z.string(), jobs: z.array(z.object({ status: z.enum(JOB_STATUSES) })) }),
  ),
});

const configFieldView = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  type: z.string(),
  required: z.boolean(),
  isSecret: z.boolean(),
  enumValues: z.array(z.string()).nullable(),
  default: z.unknown(),
  minimum: z.number().nullable(),
  maximum: z.number().nullable(),
});

export const sourceView = z.object({
  shortName: z.string(),
  name: z.string(),
  description: z.string(),
  configFields: z.array(configFieldView),
  configJsonSchema: z.record(z.string(), z.unknown()),
  entityTypes: z.array(z.string()),
  supportsContinuous: z.boolean(),
});

// An API key as listed: its display prefix, never its hash.
export const apiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: when,
  expiresAt: when,
  revokedAt: when,
});

/** The one answer that carries a key's secret. */
export const createdApiKeyView = apiKeyView
  .pick({ id: true, name: true, prefix: true, createdAt: true, expiresAt: true })
  .extend({ secret: z.string() });

export const revokedApiKeyView = z.object({ id: z.string(), revoked: z.literal(true) });

export type ConnectionView = z.infer<typeof connectionView>;
export type ConnectionListItemView = z.infer<typeof connectionListItemView>;
export type CollectionView = z.infer<typeof collectionView>;
export type SourceView = z.infer<typeof sourceView>;
export type ConfigField = z.infer<typeof configFieldView>;
