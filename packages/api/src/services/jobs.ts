// Reading jobs and their event logs, always within the caller's organization (others' jobs are simply not found).
import { notFound } from "@weft/errors";
import type { PrismaClient, SyncJob, SyncJobStatus } from "@weft/db";
import type { JobView } from "../views";

const withSyncName = { sync: { select: { name: true } } } as const;

/** A job row with its sync's name, as every job read returns it. */
export function toView(job: SyncJob & { sync: { name: string } }): JobView {
  // The lease, heartbeat, attempt and event sequence belong to the workers: never in a view.
  const { sync, leaseOwner: _lease, heartbeatAt: _heartbeat, attempt: _attempt, eventSeq: _seq, ...rest } = job;
  return { ...rest, syncName: sync.name };
}

export async function getJob(prisma: PrismaClient, organizationId: string, jobId: string): Promise<JobView> {
  const job = await prisma.syncJob.findFirst({ where: { id: jobId, organizationId }, include: withSyncName });
  if (!job) throw notFound("Sync job", jobId);
  return toView(job);
}

export type ListJobsOptions = { sourceConnectionId: string; status?: SyncJobStatus; limit: number; cursor?: string };

/** Newest first; `nextCursor` is the id to pass for the next page, null on the last one. */
export async function listJobs(prisma: PrismaClient, organizationId: string, options: ListJobsOptions) {
  const connection = await prisma.sourceConnection.findFirst({
    where: { id: options.sourceConnectionId, organizationId },
    select: { id: true },
  });
  if (!connection) throw notFound("Source connection", options.sourceConnectionId);
  const rows = await prisma.syncJob.findMany({
    where: { sourceConnectionId: connection.id, ...(options.status ? { status: options.status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
    include: withSyncName,
  });
  const page = rows.slice(0, options.limit).map(toView);
  return { items: page, nextCursor: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null };
}

export type JobPage = { items: JobView[]; nextCursor: string | null };

/**
 * The first page of jobs.list ({ limit }) for every connection of the organization, in two queries whatever the
 * number of connections (the overview shows each connection's recent jobs).
 */
export async function listRecentJobs(
  prisma: PrismaClient,
  organizationId: string,
  limit: number,
): Promise<Record<string, JobPage>> {
  const ranked = await prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text FROM (
       SELECT id, row_number() OVER (PARTITION BY source_connection_id ORDER BY created_at DESC, id DESC) AS n
       FROM sync_job WHERE organization_id = $1::uuid
     ) ranked WHERE n <= $2::int`,
    organizationId,
    limit + 1,
  );
  const rows = await prisma.syncJob.findMany({
    where: { id: { in: ranked.map((r) => r.id) } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: withSyncName,
  });
  const byConnection: Record<string, JobView[]> = {};
  for (const row of rows) (byConnection[row.sourceConnectionId] ??= []).push(toView(row));
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
