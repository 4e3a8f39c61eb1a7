// Reading jobs and their event logs, always within the caller's organization (others' jobs are simply not found).
import { notFound } from "@weft/errors";
import type { PrismaClient, SyncJob, SyncJobStatus } from "@weft/db";

export type JobView = SyncJob & { syncName: string };

const withSyncName = { sync: { select: { name: true } } } as const;

/** A job row with its sync's name, as every job read returns it. */
export function toView(job: SyncJob & { sync: { name: string } }): JobView {
  const { sync, ...rest } = job;
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
  const connection = await prisma.sourceConnection.findFirst({ where: { id: options.sourceConnectionId, organizationId }, select: { id: true } });
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

export async function listJobEvents(prisma: PrismaClient, organizationId: string, jobId: string, afterSeq: number, limit: number) {
  await getJob(prisma, organizationId, jobId);
  const events = await prisma.syncJobEvent.findMany({ where: { jobId, seq: { gt: afterSeq } }, orderBy: { seq: "asc" }, take: limit });
  return events.map((e) => ({ seq: e.seq, type: e.type, payload: e.payload, createdAt: e.createdAt }));
}
