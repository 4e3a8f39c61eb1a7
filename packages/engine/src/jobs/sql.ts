// The slice of a Prisma client the engine's raw SQL needs; both the client and an interactive transaction fit it.
import type { PrismaClient } from "@weft/db";

export type Sql = Pick<PrismaClient, "$queryRawUnsafe" | "$executeRawUnsafe">;

export const JOB_EVENTS_CHANNEL = "weft_job_events";
