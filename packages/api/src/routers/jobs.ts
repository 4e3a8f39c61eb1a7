import type { TRPCRouterRecord } from "@trpc/server";
import { jobEventsInput, jobKey, listJobsInput } from "../schemas";
import { getJob, listJobEvents, listJobs } from "../services/jobs";
import { orgProcedure } from "../trpc";

export const jobsRouter = {
  get: orgProcedure.input(jobKey).query(({ ctx, input }) => getJob(ctx.prisma, ctx.org, input.jobId)),
  list: orgProcedure.input(listJobsInput).query(({ ctx, input }) => listJobs(ctx.prisma, ctx.org, input)),
  events: orgProcedure.input(jobEventsInput).query(({ ctx, input }) => listJobEvents(ctx.prisma, ctx.org, input.jobId, input.afterSeq, input.limit)),
} satisfies TRPCRouterRecord;
