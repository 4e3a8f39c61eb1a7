// The slice of a Prisma client the engine's raw SQL needs; both the client and an interactive transaction fit it.
import type { PrismaClient } from "@weft/db";
import type { JobStatus } from "@weft/job-model";

export type Sql = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe">;

export const JOB_EVENTS_CHANNEL = "weft_job_events";

/** Statuses as quoted SQL literals for `IN (…)`: they come from @weft/job-model, never from input. */
export function sqlStatuses(...statuses: JobStatus[]): string {
  return statuses.map((status) => `'${status}'`).join(", ");
}
