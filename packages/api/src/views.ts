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
