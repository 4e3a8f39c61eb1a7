// The hottest read of the API (GET /v1/sync/jobs/{id}, polled by every client that waits on a job) as one typed
// query: Prisma's findFirst + include asks twice (the job, then its sync's name) and spends more time compiling and
// interpreting the query than PostgreSQL spends answering it. The columns are exactly a JobView's, so the workers'
// lease, heartbeat, attempt and event sequence are never read.
import type { PrismaClient } from "@weft/db";
import type { JobView } from "../views";
import { jobByIdSql, readJobs } from "./read-queries";

/** The job with its sync's name, or null when it does not exist in this organization. */
export async function readJob(prisma: PrismaClient, organizationId: string, jobId: string): Promise<JobView | null> {
  const [job] = await readJobs(prisma, jobByIdSql(organizationId, jobId));
  return job ?? null;
}
