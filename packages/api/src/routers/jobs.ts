import type { TRPCRouterRecord } from "@trpc/server";
import { jobEventsInput, jobKey, listJobsInput, recentJobsInput } from "../schemas";
import { getJob, listJobEvents, listJobs, listRecentJobs } from "../services/jobs";
import { orgProcedure } from "../trpc";
import { jobEventView, jobPage, jobView } from "../views";
import { z } from "zod";

export const jobsRouter = {
  get: orgProcedure
    .input(jobKey)
    .output(jobView)
    .query(({ ctx, input }) => getJob(ctx.prisma, ctx.org, input.jobId)),
  list: orgProcedure
    .input(listJobsInput)
    .output(jobPage)
    .query(({ ctx, input }) => listJobs(ctx.prisma, ctx.org, input)),
  /** jobs.list's first page for every connection at once, keyed by connection id. */
  recent: orgProcedure
    .input(recentJobsInput)
    .output(z.record(z.string(), jobPage))
    .query(({ ctx, input }) => listRecentJobs(ctx.prisma, ctx.org, input.limit)),
  events: orgProcedure
    .input(jobEventsInput)
    .output(z.array(jobEventView))
    .query(({ ctx, input }) => listJobEvents(ctx.prisma, ctx.org, input.jobId, input.afterSeq, input.limit)),
} satisfies TRPCRouterRecord;
