// Cancel: a PENDING job ends at once; a RUNNING one moves to CANCELLING and its worker, told through the progress
// bus (or its next heartbeat, within a second), stops between batches and moves it to CANCELLED.
import { notFound, WeftError } from "@weft/errors";
import type { Database } from "@weft/db";
import { transitionJob } from "./transitions";
import { JOB } from "@weft/job-model";

export type CancelOptions = { organizationId: string; jobId: string; sourceConnectionId?: string };

export async function cancelJob(db: Database, options: CancelOptions) {
  const where = {
    id: options.jobId,
    organizationId: options.organizationId,
    ...(options.sourceConnectionId ? { sourceConnectionId: options.sourceConnectionId } : {}),
  };
  // Two attempts: the status may change between the read and the guarded update (e.g. PENDING → RUNNING).
  for (let attempt = 0; attempt < 3; attempt++) {
    const job = await db.prisma.syncJob.findFirst({ where, select: { status: true } });
    if (!job) throw notFound("Sync job", options.jobId);
    if (job.status === JOB.CANCELLING) return db.prisma.syncJob.findUniqueOrThrow({ where: { id: options.jobId } });
    if (job.status === JOB.PENDING) {
      if (
        await transitionJob(db.prisma, options.jobId, JOB.CANCELLED, { errorCategory: "cancelled_by_user" }, [
          JOB.PENDING,
        ])
      )
        break;
    } else if (job.status === JOB.RUNNING) {
      if (await transitionJob(db.prisma, options.jobId, JOB.CANCELLING, {}, [JOB.RUNNING])) break;
    } else {
      throw new WeftError("CONFLICT", `Job ${options.jobId} has already ended (${job.status}) and cannot be cancelled`);
    }
  }
  return db.prisma.syncJob.findUniqueOrThrow({ where: { id: options.jobId } });
}
