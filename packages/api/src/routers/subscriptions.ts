import { tracked, type TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { jobProgressInput } from "../schemas";
import { getJob } from "../services/jobs";
import { streamJobEvents, streamOrgActivity, type JobStreamEvent } from "../services/job-stream";
import { withStreamSlot } from "../services/stream-slot";
import { orgProcedure } from "../trpc";

async function* trackedBySeq(events: AsyncIterable<JobStreamEvent>) {
  for await (const event of events) yield tracked(String(event.seq), event);
}

export const subscriptionsRouter = {
  /** A job's events: replay after lastEventId (or the latest state), then live, ending after the final state. */
  jobProgress: orgProcedure.input(jobProgressInput).subscription(async ({ ctx, input, signal }) => {
    // Checked before the stream starts, so an unknown or foreign job is a NOT_FOUND error, not a broken stream.
    await getJob(ctx.prisma, ctx.org, input.jobId);
    return withStreamSlot(ctx.engine, ctx.org, signal, () =>
      trackedBySeq(streamJobEvents(ctx.engine, ctx.org, input.jobId, input.lastEventId, signal)),
    );
  }),
  /** Every job change in the organization, live. */
  orgActivity: orgProcedure
    .input(z.object({}).optional())
    .subscription(({ ctx, signal }) =>
      withStreamSlot(ctx.engine, ctx.org, signal, () => streamOrgActivity(ctx.engine, ctx.org, signal)),
    ),
} satisfies TRPCRouterRecord;
