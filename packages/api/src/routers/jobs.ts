import type { TRPCRouterRecord } from "@trpc/server";
import { jobEventsInput, jobKey, listJobsInput, recentJobsInput } from "../schemas";
import { getJob, listJobEvents, listJobs, listRecentJobs } from "../services/jobs";
import { orgProcedure } from "../trpc";

export const jobsRouter = {
  get: orgProcedure.input(jobKey).query(({ ctx, input }) => getJob(ctx.prisma, ctx.org, input.jobId)),
  list: orgProcedure.input(listJobsInput).query(({ ctx, input }) => listJobs(ctx.prisma, ctx.org, input)),
  /** jobs.list's first page for every connection at once, keyed by connection id. */
  recent: orgProcedure.input(recentJobsInput).query(({ ctx, input }) => listRecentJobs(ctx.prisma, ctx.org, input.limit)),
  events: orgProcedure.input(jobEventsInput).query(({ ctx, input }) => listJobEvents(ctx.prisma, ctx.org, input.jobId, input.afterSeq, input.limit)),
} satisfies TRPCRouterRecord;
