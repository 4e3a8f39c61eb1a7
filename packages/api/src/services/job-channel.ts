// One shared stream per job per process: a single progress-bus listener and a single reader of the durable log feed
// every subscriber of the job, in sequence order with no gap. Subscribing to a job that already has a channel costs no
// query (the job's organization and latest event are kept here); the log is read once per channel, not per subscriber,
// to fill a gap (a notification too large to carry its payload, or lost while the bus reconnected).
import type { BusEvent, Engine, JobEventPayload } from "@weft/engine";
import { notFound } from "@weft/errors";
import { isEndStatus } from "@weft/job-model";
import { isDatabaseUnavailable, withDatabaseRetry } from "@weft/db";
import { StreamInterrupted } from "./stream-interrupted";

export type JobStreamEvent = JobEventPayload & { seq: number; type: string; jobId: string; createdAt: Date };

/** A subscriber as the channel sees it: told every event in order, or why the stream broke. */
export type ChannelListener = { deliver(event: JobStreamEvent): void; fail(error: unknown): void };

type JobChannel = {
  readonly organizationId: string;
  /** The newest event delivered (the job's latest state); null for a job with no event yet. */
  readonly latest: JobStreamEvent | null;
  /**
   * Adds a listener, told every event after `latest`; gives the function that removes it (the last one out closes
   * the channel), or null when the channel closed before the job's final state (open a new one).
   */
  attach(listener: ChannelListener): (() => void) | null;
};

type LogRow = { seq: number; type: string; payload: unknown; createdAt: Date };

export function fromLog(jobId: string, row: LogRow): JobStreamEvent {
  return { ...(row.payload as JobEventPayload), seq: row.seq, type: row.type, jobId, createdAt: row.createdAt };
}

/** While the bus is down the log is polled this often, once per channel, so nothing is missed meanwhile. */
const DOWN_POLL_MS = 1000;

const openChannels = new WeakMap<Engine, Map<string, Promise<JobChannel>>>();

/**
 * Attaches `listener` to the job's channel in this process, opened (one query) if it has none yet. NOT_FOUND for an
 * unknown job or one of another organization, checked against the organization the channel keeps: subscribing to a
 * job that already has a channel costs no query. Gives the job's latest state; `detach` is safe to call twice.
 */
export async function attachToJob(
  engine: Engine,
  organizationId: string,
  jobId: string,
  listener: ChannelListener,
): Promise<{ latest: JobStreamEvent | null; detach: () => void }> {
  for (;;) {
    const channel = await sharedChannel(engine, jobId);
    if (channel.organizationId !== organizationId) {
      channel.attach({ deliver() {}, fail() {} })?.(); // closes it if nobody else listens
      throw notFound("Sync job", jobId);
    }
    // Null only if its last subscriber left while this one was on its way: the next loop opens a new channel.
    const detach = channel.attach(listener);
    if (detach) return { latest: channel.latest, detach };
  }
}

function sharedChannel(engine: Engine, jobId: string): Promise<JobChannel> {
  let byJob = openChannels.get(engine);
  if (!byJob) openChannels.set(engine, (byJob = new Map<string, Promise<JobChannel>>()));
  const open = byJob.get(jobId);
  if (open) return open;
  const channels = byJob;
  const opening = openChannel(engine, jobId, () => {
    if (channels.get(jobId) === opening) channels.delete(jobId);
  });
  channels.set(jobId, opening);
  opening.catch(() => channels.delete(jobId));
  return opening;
}

async function openChannel(engine: Engine, jobId: string, forget: () => void): Promise<JobChannel> {
  const prisma = engine.db.prisma;
  const listeners = new Set<ChannelListener>();
  let latest: JobStreamEvent | null = null;
  let closed = false;
  let downPoll: NodeJS.Timeout | undefined;
  // Every delivery runs on this chain, so a gap read finishes before the next event is handed on.
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void> | void) => {
    chain = chain.then(work).catch((error: unknown) => fail(error));
  };

  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(downPoll);
    unsubscribe();
    unwatch();
    forget();
  };
  const fail = (error: unknown) => {
    close();
    for (const listener of listeners) listener.fail(error);
    listeners.clear();
  };
  const deliver = (event: JobStreamEvent) => {
    if (closed || (latest && event.seq <= latest.seq)) return;
    latest = event;
    for (const listener of listeners) listener.deliver(event);
    // The final state ends the job's stream: later subscribers open a new channel and get it as its latest.
    if (isEndStatus(event.status)) close();
  };
  const readLog = async (upTo?: number) => {
    const rows = await withDatabaseRetry(() =>
      prisma.syncJobEvent.findMany({
        where: { jobId, seq: { gt: latest?.seq ?? 0, ...(upTo ? { lte: upTo } : {}) } },
        orderBy: { seq: "asc" },
      }),
    );
    for (const row of rows) deliver(fromLog(jobId, row));
  };
  const catchUp = () =>
    enqueue(() =>
      readLog().catch((error: unknown) => {
        if (!isDatabaseUnavailable(error)) throw error; // still down: the next poll or "live" reads again
      }),
    );

  // Listen before reading, so nothing slips between the read and the listen.
  const unsubscribe = engine.bus.subscribe((event: BusEvent) => {
    if (event.jobId !== jobId) return;
    enqueue(async () => {
      const last = latest?.seq ?? 0;
      if (event.seq <= last) return;
      if (event.seq > last + 1 || !event.payload) return readLog(event.seq);
      deliver({ ...event.payload, seq: event.seq, type: event.type, jobId, createdAt: event.createdAt });
    });
  });
  const unwatch = engine.bus.onStateChange((state) => {
    if (state === "closed") return fail(new StreamInterrupted());
    if (state === "down") downPoll ??= setInterval(catchUp, DOWN_POLL_MS);
    if (state === "live") {
      clearInterval(downPoll);
      downPoll = undefined;
      catchUp();
    }
  });

  let organizationId: string;
  try {
    const job = await prisma.syncJob.findUnique({
      where: { id: jobId },
      select: { organizationId: true, events: { orderBy: { seq: "desc" }, take: 1 } },
    });
    if (!job) throw notFound("Sync job", jobId);
    organizationId = job.organizationId;
    const [newest] = job.events;
    if (newest) deliver(fromLog(jobId, newest));
    if (engine.bus.state() === "down") downPoll = setInterval(catchUp, DOWN_POLL_MS);
  } catch (error) {
    close();
    throw error;
  }
  return {
    organizationId,
    get latest() {
      return latest;
    },
    attach(listener) {
      if (closed) return latest && isEndStatus(latest.status) ? () => {} : null;
      listeners.add(listener);
      return () => {
        if (listeners.delete(listener) && listeners.size === 0) close();
      };
    },
  };
}
