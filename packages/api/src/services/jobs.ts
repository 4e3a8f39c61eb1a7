// Reading jobs and their event logs, always within the caller's organization (others' jobs are simply not found).
import { notFound } from "@weft/errors";
import type { PrismaClient, SyncJob } from "@weft/db";
import type { JobView } from "../views";
import { readJob } from "./job-read";
import { firstConnectionIdsSql, jobsPageSql, latestJobsSql, readJobs, type JobsPageQuery } from "./read-queries";

export type { JobView };

/** A job row with its sync's name, as every job read returns it. */
export function toView(job: SyncJob & { sync: { name: string } }): JobView {
  // The lease, heartbeat, attempt and event sequence belong to the workers: never in a view.
  const { sync, leaseOwner: _lease, heartbeatAt: _heartbeat, attempt: _attempt, eventSeq: _seq, ...rest } = job;
  return { ...rest, syncName: sync.name };
}

export async function getJob(prisma: PrismaClient, organizationId: string, jobId: string): Promise<JobView> {
  const job = await readJob(prisma, organizationId, jobId);
  if (!job) throw notFound("Sync job", jobId);
  return job;
}

export type ListJobsOptions = JobsPageQuery;

/**
 * Newest first, one index range: `cursor` (keyset, constant time at any depth) and/or `skip` (OFFSET, linear in it).
 * `nextCursor` is the id to pass for the next page, null on the last one.
 */
export async function listJobs(prisma: PrismaClient, organizationId: string, options: ListJobsOptions) {
  const connection = await prisma.sourceConnection.findFirst({
    where: { id: options.sourceConnectionId, organizationId },
    select: { id: true },
  });
  if (!connection) throw notFound("Source connection", options.sourceConnectionId);
  const rows = await readJobs(prisma, jobsPageSql({ ...options, limit: options.limit + 1 }));
  const page = rows.slice(0, options.limit);
  return { items: page, nextCursor: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null };
}

export type JobPage = { items: JobView[]; nextCursor: string | null };

/** The overview shows this many connections (sourceConnections.list's largest page): their recent jobs, no more. */
const RECENT_JOBS_MAX_CONNECTIONS = 1000;

/**
 * The first page of jobs.list ({ limit }) for the organization's first connections, keyed by connection id: one
 * bounded index range per connection, whatever the number of jobs (the overview shows each connection's recent jobs).
 */
export async function listRecentJobs(
  prisma: PrismaClient,
  organizationId: string,
  limit: number,
): Promise<Record<string, JobPage>> {
  const connections = await prisma.$queryRaw<{ id: string }[]>(
    firstConnectionIdsSql(organizationId, RECENT_JOBS_MAX_CONNECTIONS),
  );
  if (connections.length === 0) return {};
  const rows = await readJobs(
    prisma,
    latestJobsSql(
      connections.map((c) => c.id),
      limit + 1,
    ),
  );
  const byConnection: Record<string, JobView[]> = {};
  for (const row of rows) (byConnection[row.sourceConnectionId] ??= []).push(row);
  return Object.fromEntries(
    Object.entries(byConnection).map(([connectionId, jobs]) => {
      const items = jobs.slice(0, limit);
      return [connectionId, { items, nextCursor: jobs.length > limit ? (items.at(-1)?.id ?? null) : null }];
    }),
  );
}

export async function listJobEvents(
  prisma: PrismaClient,
  organizationId: string,
  jobId: string,
  afterSeq: number,
  limit: number,
) {
  await getJob(prisma, organizationId, jobId);
  const events = await prisma.syncJobEvent.findMany({
    where: { jobId, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit,
  });
  return events.map((e) => ({ seq: e.seq, type: e.type, payload: e.payload, createdAt: e.createdAt }));
}
