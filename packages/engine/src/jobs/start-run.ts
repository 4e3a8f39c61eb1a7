// Starting a run: the PENDING job row, its first event and its queue entry commit in one transaction, so a job is
// never lost between "created" and "queued", and the partial unique index turns a second active job into a typed error.
import { notFound } from "@weft/errors";
import { asActiveJobConflict, type Database, type Prisma } from "@weft/db";
import type { JobQueue } from "../queue/index";
import { recordTransition } from "../metrics/record";
import { applyJobChange } from "./transitions";
import { JOB } from "@weft/job-model";

export type StartRunOptions = {
  organizationId: string;
  sourceConnectionId: string;
  forceFullSync?: boolean;
  scheduled?: boolean;
  createdByEmail?: string | null;
  /** Who pressed run, for the job history: the web UI ("manual"), an API client ("api") or a schedule. */
  trigger?: "manual" | "api" | "scheduled";
  /** Run inside the caller's transaction (the scheduler records its due time in the same one). */
  tx?: Prisma.TransactionClient;
};

async function insertJob(tx: Prisma.TransactionClient, queue: JobQueue, options: StartRunOptions) {
  const connection = await tx.sourceConnection.findFirst({
    where: { id: options.sourceConnectionId, organizationId: options.organizationId },
    select: { id: true, sync: { select: { id: true, name: true } } },
  });
  if (!connection?.sync) throw notFound("Source connection", options.sourceConnectionId);
  const job = await tx.syncJob.create({
    data: {
      syncId: connection.sync.id,
      sourceConnectionId: connection.id,
      organizationId: options.organizationId,
      status: JOB.PENDING,
      scheduled: options.scheduled ?? false,
      forceFullSync: options.forceFullSync ?? false,
      createdByEmail: options.createdByEmail ?? null,
      modifiedByEmail: options.createdByEmail ?? null,
      syncConfig: { force_full_sync: options.forceFullSync ?? false },
      syncMetadata: { trigger: options.scheduled ? "scheduled" : (options.trigger ?? "api") },
    },
  });
  await applyJobChange(tx, job.id, { from: [JOB.PENDING], eventType: "status" });
  await queue.enqueueInTransaction(tx, job.id);
  return job;
}

export async function startRun(db: Database, queue: JobQueue, options: StartRunOptions) {
  try {
    // Counted once committed (or, in the caller's transaction, once inserted: the scheduler commits it at once).
    const job = options.tx
      ? await insertJob(options.tx, queue, options)
      : await db.prisma.$transaction((tx) => insertJob(tx, queue, options));
    recordTransition(JOB.PENDING);
    return job;
  } catch (error) {
    throw asActiveJobConflict(error);
  }
}
