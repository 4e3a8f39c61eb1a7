// The hottest read of the API (GET /v1/sync/jobs/{id}, polled by every client that waits on a job) as one typed
// query: Prisma's findFirst + include asks twice (the job, then its sync's name) and spends more time compiling and
// interpreting the query than PostgreSQL spends answering it. The columns are exactly a JobView's, so the workers'
// lease, heartbeat, attempt and event sequence are never read.
import { Prisma, type PrismaClient } from "@weft/db";
import type { JobView } from "../views";

/** The job with its sync's name, or null when it does not exist in this organization. */
export async function readJob(prisma: PrismaClient, organizationId: string, jobId: string): Promise<JobView | null> {
  const rows = await prisma.$queryRaw<JobView[]>(Prisma.sql`
    SELECT j.id::text AS "id",
           j.sync_id::text AS "syncId",
           s.name AS "syncName",
           j.source_connection_id::text AS "sourceConnectionId",
           j.organization_id::text AS "organizationId",
           j.status::text AS "status",
           j.scheduled AS "scheduled",
           j.force_full_sync AS "forceFullSync",
           j.entities_inserted AS "entitiesInserted",
           j.entities_updated AS "entitiesUpdated",
           j.entities_deleted AS "entitiesDeleted",
           j.entities_kept AS "entitiesKept",
           j.entities_skipped AS "entitiesSkipped",
           j.entities_failed AS "entitiesFailed",
           j.entities_encountered AS "entitiesEncountered",
           j.started_at AS "startedAt",
           j.completed_at AS "completedAt",
           j.failed_at AS "failedAt",
           j.error AS "error",
           j.error_category AS "errorCategory",
           j.error_details AS "errorDetails",
           j.sync_config AS "syncConfig",
           j.sync_metadata AS "syncMetadata",
           j.created_by_email AS "createdByEmail",
           j.modified_by_email AS "modifiedByEmail",
           j.created_at AS "createdAt",
           j.modified_at AS "modifiedAt"
      FROM sync_job j
      JOIN sync s ON s.id = j.sync_id
     WHERE j.id = ${jobId}::uuid AND j.organization_id = ${organizationId}::uuid`);
  return rows[0] ?? null;
}
