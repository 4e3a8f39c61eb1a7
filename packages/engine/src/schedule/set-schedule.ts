// Setting, pausing and resuming a sync's schedule keeps next_run_at (what the scheduler polls) in step with the cron.
import { invalid } from "@weft/errors";
import type { Prisma, PrismaClient } from "@weft/db";
import { cronError, nextRunAfter } from "./cron";

type Client = PrismaClient | Prisma.TransactionClient;

export async function setSchedule(prisma: Client, syncId: string, cron: string | null, now = new Date()) {
  if (cron !== null) {
    const problem = cronError(cron);
    if (problem) throw invalid(problem, [{ path: ["schedule", "cron"], message: problem }]);
  }
  return prisma.sync.update({
    where: { id: syncId },
    data: { cron, nextRunAt: cron ? nextRunAfter(cron, now) : null },
  });
}

export async function setScheduleActive(prisma: Client, syncId: string, active: boolean, now = new Date()) {
  const sync = await prisma.sync.findUniqueOrThrow({ where: { id: syncId }, select: { cron: true } });
  return prisma.sync.update({
    where: { id: syncId },
    data: {
      status: active ? "active" : "paused",
      nextRunAt: active && sync.cron ? nextRunAfter(sync.cron, now) : null,
    },
  });
}
