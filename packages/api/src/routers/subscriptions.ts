import { tracked, type TRPCRouterRecord } from "@trpc/server";
import type { BusEvent } from "@weft/engine";
import { z } from "zod";
import { jobProgressInput } from "../schemas";
import { openJobStream, streamOrgActivity, type JobStreamEvent } from "../services/job-stream";
import { withStreamSlot } from "../services/stream-slot";
import { orgProcedure } from "../trpc";
import { jobStreamEventView, orgActivityEventView, type JobStreamEventView } from "../views";

// A live event is one object shared by every subscriber of its job in this process: it is parsed once, not once
// per subscriber, and the parsed view (only the declared fields) is what every subscriber is sent.
const parsedViews = new WeakMap<JobStreamEvent, JobStreamEventView>();
function toStreamView(event: JobStreamEvent): JobStreamEventView {
  let view = parsedViews.get(event);
  if (!view) parsedViews.set(event, (view = jobStreamEventView.parse(event)));
  return view;
}

async function* trackedViews(events: AsyncIterable<JobStreamEvent>) {
  for await (const event of events) yield tracked(String(event.seq), toStreamView(event));
}

async function* activityViews(events: AsyncIterable<BusEvent>) {
  for await (const event of events) yield orgActivityEventView.parse(event);
}

export const subscriptionsRouter = {
  /** A job's events: replay after lastEventId (or the latest state), then live, ending after the final state. */
  jobProgress: orgProcedure.input(jobProgressInput).subscription(async ({ ctx, input, signal }) => {
    // The job is checked before the stream starts (against its shared channel: no query when one is open), so an
    // unknown or foreign job is a NOT_FOUND error, not a broken stream.
    const stream = await openJobStream(ctx.engine, ctx.org, input.jobId, input.lastEventId, signal);
    try {
      return withStreamSlot(ctx.engine, ctx.org, signal, () => trackedViews(stream.events));
    } catch (error) {
      stream.close();
      throw error;
    }
  }),
  /** Every job change in the organization, live. */
  orgActivity: orgProcedure
    .input(z.object({}).optional())
    .subscription(({ ctx, signal }) =>
      withStreamSlot(ctx.engine, ctx.org, signal, () => activityViews(streamOrgActivity(ctx.engine, ctx.org, signal))),
    ),
} satisfies TRPCRouterRecord;
