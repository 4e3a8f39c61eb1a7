// The hot reads as typed raw SQL, each one index lookup or one bounded index range whatever the table sizes; the
// EXPLAIN test (read-plans.test.ts) checks this exact text. Raw because Prisma runs a nested `take` (a connection's
// latest job) as a read of EVERY related row, trimmed in memory.
import { Prisma, type PrismaClient, type SyncJobStatus } from "@weft/db";
import type { JobStatus } from "@weft/job-model";
import { jobView, type JobView } from "../views";

const snakeCase = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// Every column of the job view under its view name, so a row is a JobView as it comes back.
const JOB_COLUMNS = Prisma.raw(
  Object.keys(jobView.shape)
    .map((field) =>
      field === "syncName"
        ? `s.name AS "syncName"`
        : field === "status"
          ? `j.status::text AS "status"`
          : `j.${snakeCase(field)} AS "${field}"`,
    )
    .join(", "),
);

/** One job of the organization. */
export function jobByIdSql(organizationId: string, jobId: string): Prisma.Sql {
  return Prisma.sql`SELECT ${JOB_COLUMNS} FROM sync_job j JOIN sync s ON s.id = j.sync_id
    WHERE j.id = ${jobId}::uuid AND j.organization_id = ${organizationId}::uuid`;
}

export type JobsPageQuery = {
  sourceConnectionId: string;
  status?: SyncJobStatus;
  /** Id of the last job of the previous page: the page starts after it (keyset, on the index). */
  cursor?: string;
  /** Rows skipped after the cursor: OFFSET, linear in its value (the REST contract's `skip`). */
  skip?: number;
  limit: number;
};

/** A page of a connection's jobs, newest first (id breaks ties), on sync_job_connection(_status)_newest_idx. */
export function jobsPageSql(query: JobsPageQuery): Prisma.Sql {
  const connection = Prisma.sql`${query.sourceConnectionId}::uuid`;
  const status = query.status ? Prisma.sql`AND j.status = ${query.status}::sync_job_status` : Prisma.empty;
  const after = query.cursor
    ? Prisma.sql`AND (j.created_at, j.id) < (SELECT c.created_at, c.id FROM sync_job c
        WHERE c.id = ${query.cursor}::uuid AND c.source_connection_id = ${connection})`
    : Prisma.empty;
  return Prisma.sql`SELECT ${JOB_COLUMNS} FROM sync_job j JOIN sync s ON s.id = j.sync_id
    WHERE j.source_connection_id = ${connection} ${status} ${after}
    ORDER BY j.created_at DESC, j.id DESC LIMIT ${query.limit}::int OFFSET ${query.skip ?? 0}::int`;
}

/** The newest `perConnection` jobs of each given connection (one index range each), newest first per connection. */
export function latestJobsSql(connectionIds: string[], perConnection: number): Prisma.Sql {
  const ids = connectionIds.length ? Prisma.join(connectionIds.map((id) => Prisma.sql`${id}::uuid`)) : Prisma.sql`NULL`;
  return Prisma.sql`SELECT ${JOB_COLUMNS} FROM unnest(ARRAY[${ids}]::uuid[]) AS c(id)
    CROSS JOIN LATERAL (SELECT * FROM sync_job WHERE source_connection_id = c.id
      ORDER BY created_at DESC, id DESC LIMIT ${perConnection}::int) j
    JOIN sync s ON s.id = j.sync_id
    ORDER BY j.source_connection_id, j.created_at DESC, j.id DESC`;
}

/** The organization's first `maxConnections` connections in list order (as sourceConnections.list pages them). */
export function firstConnectionIdsSql(organizationId: string, maxConnections: number): Prisma.Sql {
  return Prisma.sql`SELECT id::text AS id FROM source_connection WHERE organization_id = ${organizationId}::uuid
    ORDER BY created_at, id LIMIT ${maxConnections}::int`;
}

/** A connection's jobs per status, from the trigger-kept sync_job_count (no scan of its jobs). */
export function runCountsSql(sourceConnectionId: string): Prisma.Sql {
  return Prisma.sql`SELECT status::text AS status, count::int AS count FROM sync_job_count
    WHERE source_connection_id = ${sourceConnectionId}::uuid`;
}

export async function readJobs(prisma: PrismaClient, sql: Prisma.Sql): Promise<JobView[]> {
  return prisma.$queryRaw<JobView[]>(sql);
}

export async function readRunCounts(prisma: PrismaClient, sourceConnectionId: string) {
  const rows = await prisma.$queryRaw<{ status: JobStatus; count: number }[]>(runCountsSql(sourceConnectionId));
  const count = (status?: JobStatus) =>
    rows.filter((r) => !status || r.status === status).reduce((n, r) => n + r.count, 0);
  return count;
}
