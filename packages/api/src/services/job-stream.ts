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

/** `wait()` resolves on the next `wake()` or when `signal` aborts (one abort listener for the stream's lifetime). */
function waiter(signal: AbortSignal | undefined) {
  let release: () => void = () => {};
  signal?.addEventListener("abort", () => release(), { once: true });
  const wait = () =>
    new Promise<void>((resolve) => {
      release = resolve;
      if (signal?.aborted) resolve();
    });
  return { wait, wake: () => release() };
}

export async function* streamJobEvents(engine: Engine, organizationId: string, jobId: string, lastEventId: number | undefined, signal?: AbortSignal): AsyncGenerator<JobStreamEvent> {
  const prisma = engine.db.prisma;
  await getJob(prisma, organizationId, jobId); // the organization is checked before anything is streamed
  const pending: BusEvent[] = [];
  const { wait, wake } = waiter(signal);
  const unsubscribe = engine.bus.subscribe((event) => {
    if (event.jobId !== jobId) return;
    pending.push(event);
    wake();
  });
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
    while (!signal?.aborted) {
      const next = pending.shift();
      if (!next) {
        await wait();
        continue;
      }
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
    unsubscribe();
  }
}

/** Every job event of the organization, live (what the overview page listens to). */
export async function* streamOrgActivity(engine: Engine, organizationId: string, signal?: AbortSignal): AsyncGenerator<BusEvent> {
  const pending: BusEvent[] = [];
  const { wait, wake } = waiter(signal);
  const unsubscribe = engine.bus.subscribe((event) => {
    if (event.organizationId !== organizationId) return;
    pending.push(event);
    wake();
  });
  try {
    while (!signal?.aborted) {
      const next = pending.shift();
      if (next) yield next;
      else await wait();
    }
  } finally {
    unsubscribe();
  }
}
