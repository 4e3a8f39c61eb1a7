// A job's events as a stream for one subscriber: the replay of the durable log after `lastEventId` (or the latest
// state), then live events in sequence order from the job's shared channel (job-channel.ts): no bus listener and no
// query per event per subscriber. Also the organization's activity feed.
import type { BusEvent, Engine } from "@weft/engine";
import { isEndStatus } from "@weft/job-model";
import { withDatabaseRetry } from "@weft/db";
import { attachToJob, fromLog, type JobStreamEvent } from "./job-channel";
import { createJobFeed } from "./job-feed";
import { StreamInterrupted } from "./stream-interrupted";

export type { JobStreamEvent };

/** Read the durable log again: the bus was down (polled every second meanwhile) or just came back. */
const RESYNC = { resync: true } as const;
type InboxItem = BusEvent | typeof RESYNC;
const DOWN_POLL_MS = 1000;

/**
 * Bus events matching `accept`, buffered from the moment it opens; `next()` gives null once `signal` aborts, or once
 * more than `engine.streams.maxPendingEvents` wait unread: a subscriber that stops reading (tRPC only pulls the
 * stream as the client reads) is dropped instead of buffering without end. While the bus is down it gives RESYNC
 * every second, and once more when the bus is live again, so nothing is missed. A job stream resumes by Last-Event-ID.
 */
function openInbox(engine: Engine, accept: (event: BusEvent) => boolean, signal: AbortSignal | undefined) {
  let pending: InboxItem[] = [];
  let dropped = false;
  let wake: () => void = () => {};
  const onAbort = () => wake();
  signal?.addEventListener("abort", onAbort, { once: true });
  const unsubscribe = engine.bus.subscribe((event) => {
    if (!accept(event)) return;
    pending.push(event);
    if (pending.length > engine.streams.maxPendingEvents) {
      dropped = true;
      pending = [];
      unsubscribe();
    }
    wake();
  });
  let closed = false;
  const unwatch = engine.bus.onStateChange((state) => {
    if (state === "live") pending.push(RESYNC);
    if (state === "closed") closed = true;
    wake();
  });
  return {
    async next(): Promise<InboxItem | null> {
      while (!signal?.aborted && !dropped) {
        if (closed) throw new StreamInterrupted();
        const item = pending.shift();
        if (item) return item;
        if (engine.bus.state() === "down") {
          let timer: NodeJS.Timeout | undefined;
          await new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, DOWN_POLL_MS);
          }).finally(() => clearTimeout(timer));
          if (pending.length === 0 && !signal?.aborted) return RESYNC;
        } else {
          await new Promise<void>((resolve) => (wake = resolve));
        }
      }
      return null;
    },
    close() {
      unsubscribe();
      unwatch();
      signal?.removeEventListener("abort", onAbort);
    },
  };
}

/**
 * Opens a job's stream for one subscriber: the job is checked and the subscriber attached to the job's channel before
 * this resolves (so NOT_FOUND comes before anything is streamed); `close` detaches a stream that is never iterated.
 */
export async function openJobStream(
  engine: Engine,
  organizationId: string,
  jobId: string,
  lastEventId: number | undefined,
  signal?: AbortSignal,
): Promise<{ events: AsyncIterable<JobStreamEvent>; close: () => void }> {
  const feed = createJobFeed(signal);
  // Attached before the backlog is read, so nothing slips between the read and the live events.
  const { latest, detach } = await attachToJob(engine, organizationId, jobId, feed);
  const close = () => {
    detach();
    signal?.removeEventListener("abort", close);
  };
  signal?.addEventListener("abort", close, { once: true });
  if (lastEventId === undefined && latest) feed.prepend([latest]);
  async function* events(): AsyncGenerator<JobStreamEvent> {
    try {
      if (lastEventId !== undefined) {
        const rows = await withDatabaseRetry(
          () =>
            engine.db.prisma.syncJobEvent.findMany({
              where: { jobId, seq: { gt: lastEventId } },
              orderBy: { seq: "asc" },
            }),
          { signal },
        );
        feed.prepend(rows.map((row) => fromLog(jobId, row)));
      }
      for (let event = await feed.next(); event; event = await feed.next()) {
        yield event;
        if (isEndStatus(event.status)) return;
      }
    } finally {
      close();
    }
  }
  return { events: events(), close };
}

/** Every job event of the organization, live (what the overview page listens to). */
export async function* streamOrgActivity(
  engine: Engine,
  organizationId: string,
  signal?: AbortSignal,
): AsyncGenerator<BusEvent> {
  const inbox = openInbox(engine, (event) => event.organizationId === organizationId, signal);
  try {
    for (let next = await inbox.next(); next; next = await inbox.next()) if (!("resync" in next)) yield next;
  } finally {
    inbox.close();
  }
}
