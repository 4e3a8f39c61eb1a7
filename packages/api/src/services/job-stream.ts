// A job's events as a stream for one subscriber: listen first (so nothing slips between the read and the listen),
// then replay the durable log after `lastEventId` (or send the latest state), then live events in sequence order.
// Live events come from the process's one progress-bus listener: no query per event per subscriber, except to fill
// the rare gap (a notification lost while the LISTEN connection reconnected).
import { isEndStatus, type BusEvent, type Engine, type JobEventPayload } from "@weft/engine";
import { getJob } from "./jobs";

export type JobStreamEvent = JobEventPayload & { seq: number; type: string; jobId: string; createdAt: Date };

type LogRow = { seq: number; type: string; payload: unknown; createdAt: Date };

function fromLog(jobId: string, row: LogRow): JobStreamEvent {
  return { ...(row.payload as JobEventPayload), seq: row.seq, type: row.type, jobId, createdAt: row.createdAt };
}

/**
 * Bus events matching `accept`, buffered from the moment it opens; `next()` gives null once `signal` aborts, or once
 * more than `engine.streams.maxPendingEvents` wait unread: a subscriber that stops reading (tRPC only pulls the
 * stream as the client reads) is dropped instead of buffering without end. A job stream resumes by Last-Event-ID.
 */
function openInbox(engine: Engine, accept: (event: BusEvent) => boolean, signal: AbortSignal | undefined) {
  let pending: BusEvent[] = [];
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
  return {
    async next(): Promise<BusEvent | null> {
      while (!signal?.aborted && !dropped) {
        const event = pending.shift();
        if (event) return event;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      return null;
    },
    close() {
      unsubscribe();
      signal?.removeEventListener("abort", onAbort);
    },
  };
}

export async function* streamJobEvents(engine: Engine, organizationId: string, jobId: string, lastEventId: number | undefined, signal?: AbortSignal): AsyncGenerator<JobStreamEvent> {
  const prisma = engine.db.prisma;
  await getJob(prisma, organizationId, jobId); // the organization is checked before anything is streamed
  const inbox = openInbox(engine, (event) => event.jobId === jobId, signal);
  try {
    const readLog = (after: number, upTo?: number) =>
      prisma.syncJobEvent.findMany({ where: { jobId, seq: { gt: after, ...(upTo ? { lte: upTo } : {}) } }, orderBy: { seq: "asc" } });
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
      if (next.seq <= lastSeq) continue;
      const rows = next.seq > lastSeq + 1 || !next.payload ? await readLog(lastSeq, next.seq) : null;
      const events = rows ? rows.map((r) => fromLog(jobId, r)) : [{ ...(next.payload as JobEventPayload), seq: next.seq, type: next.type, jobId, createdAt: next.createdAt }];
      for (const event of events) {
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
export async function* streamOrgActivity(engine: Engine, organizationId: string, signal?: AbortSignal): AsyncGenerator<BusEvent> {
  const inbox = openInbox(engine, (event) => event.organizationId === organizationId, signal);
  try {
    for (let next = await inbox.next(); next; next = await inbox.next()) yield next;
  } finally {
    inbox.close();
  }
}
