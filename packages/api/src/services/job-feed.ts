// One subscriber's unread events of a job, kept small whatever its reader does. Progress is cumulative, so once a
// subscriber has MAX_UNREAD_LIVE live events unread, a newer event takes the place of the last unread progress
// event instead of queueing behind it: a slow reader gets the latest state, not every intermediate one. Status
// changes and the final state are never replaced. The backlog read for a resume (Last-Event-ID) is kept whole.
import type { ChannelListener, JobStreamEvent } from "./job-channel";

/** Live events a subscriber may leave unread before intermediate progress is coalesced (a burst, not a backlog). */
export const MAX_UNREAD_LIVE = 16;

let peakUnreadLive = 0;
/** The most live events any subscriber of this process has had unread at once (a gauge for tests and metrics). */
export function peakUnreadLiveEvents(): number {
  return peakUnreadLive;
}

export type JobFeed = ChannelListener & {
  /** Events read from the log, sent before the live ones; those already sent are skipped by their sequence. */
  prepend(events: JobStreamEvent[]): void;
  /** The next event in sequence order; null once `signal` aborts. Throws what broke the job's stream. */
  next(): Promise<JobStreamEvent | null>;
};

export function createJobFeed(signal: AbortSignal | undefined): JobFeed {
  let backlog: JobStreamEvent[] = [];
  const live: JobStreamEvent[] = [];
  let lastSeq = 0;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  const wakeUp = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  signal?.addEventListener("abort", wakeUp, { once: true });

  const take = (): JobStreamEvent | undefined => {
    for (let event = backlog.shift() ?? live.shift(); event; event = backlog.shift() ?? live.shift()) {
      if (event.seq > lastSeq) {
        lastSeq = event.seq;
        return event;
      }
    }
    return undefined;
  };

  return {
    deliver(event) {
      const last = live.at(-1);
      if (live.length >= MAX_UNREAD_LIVE && last?.type === "progress") live[live.length - 1] = event;
      else live.push(event);
      peakUnreadLive = Math.max(peakUnreadLive, live.length);
      wakeUp();
    },
    fail(error) {
      failure = { error };
      wakeUp();
    },
    prepend(events) {
      backlog = events;
      wakeUp();
    },
    async next() {
      for (;;) {
        if (signal?.aborted) {
          signal.removeEventListener("abort", wakeUp);
          return null;
        }
        const event = take();
        if (event) return event;
        if (failure) throw failure.error;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
