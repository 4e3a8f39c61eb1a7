import type { TRPCRouterRecord } from "@trpc/server";
import { cancelInput, startRunInput } from "../schemas";
import { getJob } from "../services/jobs";
import { orgProcedure } from "../trpc";
import { jobView } from "../views";

export const runsRouter = {
  start: orgProcedure
    .input(startRunInput)
    .output(jobView)
    .mutation(async ({ ctx, input }) => {
      const job = await ctx.engine.startRun({
        organizationId: ctx.org,
        sourceConnectionId: input.sourceConnectionId,
        forceFullSync: input.forceFullSync,
        trigger: ctx.principal.via === "session" ? "manual" : "api",
      });
      return getJob(ctx.prisma, ctx.org, job.id);
    }),
  cancel: orgProcedure
    .input(cancelInput)
    .output(jobView)
    .mutation(async ({ ctx, input }) => {
      await ctx.engine.cancelJob({
        organizationId: ctx.org,
        jobId: input.jobId,
        sourceConnectionId: input.sourceConnectionId,
      });
      return getJob(ctx.prisma, ctx.org, input.jobId);
    }),
} satisfies TRPCRouterRecord;
