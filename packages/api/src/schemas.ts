// Input schemas, defined once: tRPC procedures take them as they are, and the REST adapter builds its snake_case
// request schemas from the same field schemas, so both surfaces accept and refuse exactly the same values.
import { z } from "zod";
import { cronError } from "@weft/engine";
import { JOB_STATUSES, parseStatus } from "@weft/job-model";

/** Any 8-4-4-4-12 hex id (every UUID version, the all-zero one included). */
export const id = z.guid({ message: "must be a UUID" });

export const collectionName = z
  .string()
  .trim()
  .min(4, "must be at least 4 characters")
  .max(64, "must be at most 64 characters");
export const readableId = z
  .string()
  .min(3, "must be at least 3 characters")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case letters and digits separated by single hyphens");

export const cronExpression = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = cronError(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const pageLimit = z.coerce.number().int().min(1, "must be at least 1").max(1000, "must be at most 1000");
/** The largest offset, sequence number or event id a client may send: PostgreSQL's int4 (beyond it the database overflows). */
export const MAX_CLIENT_INT = 2_147_483_647;
export const pageSkip = z.coerce
  .number()
  .int()
  .min(0, "must be 0 or more")
  .max(MAX_CLIENT_INT, `must be at most ${MAX_CLIENT_INT}`);
/** An event sequence number sent as text (lastEventId, the Last-Event-ID header). */
export const eventSeq = z.coerce
  .number()
  .int()
  .min(0, "must be 0 or more")
  .max(MAX_CLIENT_INT, `must be at most ${MAX_CLIENT_INT}`);

/** A job status in either case; `in_progress` means RUNNING. */
export const jobStatus = z.preprocess((v) => (typeof v === "string" ? (parseStatus(v) ?? v) : v), z.enum(JOB_STATUSES));

export const listCollectionsInput = z.object({ skip: pageSkip.default(0), limit: pageLimit.default(100) });
export const collectionKey = z.object({ readableId: z.string().min(1) });
export const createCollectionInput = z.object({ name: collectionName, readableId: readableId.optional() });
export const updateCollectionInput = collectionKey.extend({ name: collectionName });

export const listConnectionsInput = z.object({
  skip: pageSkip.default(0),
  limit: pageLimit.default(100),
  collection: z.string().min(1).optional(),
});
export const connectionKey = z.object({ id });
export const scheduleInput = z.object({ cron: cronExpression.nullable() });
export const createConnectionInput = z.object({
  name: z.string().trim().min(1).max(255).optional(),
  shortName: z.string().min(1),
  readableCollectionId: z.string().min(1),
  description: z.string().max(2000).nullish(),
  config: z.record(z.string(), z.unknown()).default({}),
  credentials: z.record(z.string(), z.unknown()).optional(),
  schedule: scheduleInput.partial().nullish(),
  syncImmediately: z.boolean().default(true),
});
export const updateConnectionInput = connectionKey.extend({
  name: z.string().trim().min(1).max(255).optional(),
  description: z.string().max(2000).nullish(),
  config: z.record(z.string(), z.unknown()).optional(),
  credentials: z.record(z.string(), z.unknown()).optional(),
  schedule: scheduleInput.nullish(),
});

export const startRunInput = z.object({ sourceConnectionId: id, forceFullSync: z.boolean().default(false) });
export const cancelInput = z.object({ jobId: id, sourceConnectionId: id.optional() });

export const jobKey = z.object({ jobId: id });
/** The overview's recent jobs per connection: a short first page each. */
export const recentJobsInput = z.object({ limit: z.number().int().min(1).max(100) });

export const listJobsInput = z.object({
  sourceConnectionId: id,
  status: jobStatus.optional(),
  limit: pageLimit.default(100),
  /** Id of the last job of the previous page (newest first): keyset, constant time at any depth. */
  cursor: id.optional(),
  /** Jobs skipped (after the cursor, if any): an OFFSET, linear in its value; the REST contract's `skip`. */
  skip: pageSkip.default(0),
});
export const jobEventsInput = z.object({
  jobId: id,
  afterSeq: z.number().int().min(0).max(MAX_CLIENT_INT, `must be at most ${MAX_CLIENT_INT}`).default(0),
  limit: pageLimit.default(1000),
});
export const jobProgressInput = z.object({ jobId: id, lastEventId: eventSeq.optional() });

export const sourceKey = z.object({ shortName: z.string().min(1) });

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export const revokeApiKeyInput = z.object({ id });
