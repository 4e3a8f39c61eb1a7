// A job's events as a stream for one subscriber: listen first (so nothing slips between the read and the listen),
// then replay the durable log after `lastEventId` (or send the latest state), then live events in sequence order.
// Live events come from the process's one progress-bus listener: no query per event per subscriber, except to fill
// the rare gap (a notification lost while the LISTEN connection reconnected).
import { TRPCError } from "@trpc/server";
import type { BusEvent, Engine, JobEventPayload } from "@weft/engine";
import { isEndStatus } from "@weft/job-model";
import { isDatabaseUnavailable, withDatabaseRetry } from "@weft/db";
import { getJob } from "./jobs";

export type JobStreamEvent = JobEventPayload & { seq: number; type: string; jobId: string; createdAt: Date };

type LogRow = { seq: number; type: string; payload: unknown; createdAt: Date };

function fromLog(jobId: string, row: LogRow): JobStreamEvent {
  return { ...(row.payload as JobEventPayload), seq: row.seq, type: row.type, jobId, createdAt: row.createdAt };
}

/** The server is shutting down: the stream ends with this, and the client resumes elsewhere with Last-Event-ID. */
// A TRPCError with its own code, so the REST and tRPC streams pass its message on (internal errors say nothing).
class StreamInterrupted extends TRPCError {
  constructor() {
    super({
      code: "SERVICE_UNAVAILABLE",
      message: "Weft is shutting down this server: reconnect with Last-Event-ID to resume where you left off",
    });
    this.name = "StreamInterrupted";
  }
}

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

export async function* streamJobEvents(
  engine: Engine,
  organizationId: string,
  jobId: string,
  lastEventId: number | undefined,
  signal?: AbortSignal,
): AsyncGenerator<JobStreamEvent> {
  const prisma = engine.db.prisma;
  await getJob(prisma, organizationId, jobId); // the organization is checked before anything is streamed
  const inbox = openInbox(engine, (event) => event.jobId === jobId, signal);
  try {
    const readLog = (after: number, upTo?: number) =>
      withDatabaseRetry(
        () =>
          prisma.syncJobEvent.findMany({
            where: { jobId, seq: { gt: after, ...(upTo ? { lte: upTo } : {}) } },
            orderBy: { seq: "asc" },
          }),
        { signal },
      );
    const backlog =
      lastEventId === undefined
        ? (await prisma.syncJobEvent.findMany({ where: { jobId }, orderBy: { seq: "desc" }, take: 1 })).reverse()
        : await readLog(lastEventId);
    let lastSeq = lastEventId ?? 0;
    for (const row of backlog) {
      const event = fromLog(jobId, row);
      lastSeq = event.seq;
      yield event;
      if (isEndStatus(event.status)) return;
    }
    for (let next = await inbox.next(); next; next = await inbox.next()) {
      let rows: LogRow[] | null;
      if ("resync" in next) {
        // While the database is still down this finds nothing new; the next poll or "live" reads again.
        rows = await prisma.syncJobEvent
          .findMany({ where: { jobId, seq: { gt: lastSeq } }, orderBy: { seq: "asc" } })
          .catch((error: unknown) => {
            if (isDatabaseUnavailable(error)) return [];
            throw error;
          });
      } else {
        if (next.seq <= lastSeq) continue;
        rows = next.seq > lastSeq + 1 || !next.payload ? await readLog(lastSeq, next.seq) : null;
      }
      const events = rows
        ? rows.map((r) => fromLog(jobId, r))
        : "seq" in next
          ? [{ ...(next.payload as JobEventPayload), seq: next.seq, type: next.type, jobId, createdAt: next.createdAt }]
          : [];
      for (const event of events) {
        if (event.seq <= lastSeq) continue;
        lastSeq = event.seq;
        yield event;
        if (isEndStatus(event.status)) return;
      }
    }
  } finally {
    inbox.close();
  }
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
