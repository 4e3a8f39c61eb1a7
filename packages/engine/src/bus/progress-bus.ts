// Delivers every job event to listeners in this process, whichever process wrote it: one LISTEN connection per
// process (pg_notify is sent by the same statement that appends the event), on PostgreSQL and on embedded PGlite's
// socket alike. Listeners are plain callbacks; adding one costs no query.
import type { Database } from "@weft/db";
import pg from "pg";
import { JOB_EVENTS_CHANNEL } from "../jobs/sql";
import type { JobEvent, JobEventPayload } from "../jobs/transitions";

/** `payload` is null when the event was too large for a notification: read it from sync_job_event by (jobId, seq). */
export type BusEvent = Omit<JobEvent, "payload"> & { payload: JobEventPayload | null };
export type BusListener = (event: BusEvent) => void;
/**
 * "down": the LISTEN connection is lost and being re-established; events may be missed until "live" again.
 * "closed": this process is shutting down; streams end (with a frame saying so) so clients resume elsewhere.
 */
export type BusState = "live" | "down" | "closed";

export type ProgressBus = {
  subscribe(listener: BusListener): () => void;
  /** Whether events are being received now. */
  state(): BusState;
  /** Told of every change of state; after "down" then "live", readers re-read sync_job_event for what they missed. */
  onStateChange(listener: (state: BusState) => void): () => void;
  /** Listeners currently attached (for leak checks and metrics). */
  listenerCount(): number;
  close(): Promise<void>;
};

type Notification = {
  job_id: string;
  organization_id: string;
  source_connection_id: string;
  seq: number;
  type: string;
  created_at: string;
  payload: JobEventPayload | null;
};

function parse(text: string | undefined): BusEvent | null {
  if (!text) return null;
  try {
    const n = JSON.parse(text) as Notification;
    return {
      jobId: n.job_id,
      organizationId: n.organization_id,
      sourceConnectionId: n.source_connection_id,
      seq: n.seq,
      type: n.type,
      createdAt: new Date(n.created_at),
      payload: n.payload,
    };
  } catch {
    return null;
  }
}

const RECONNECT_MAX_MS = 2000;

/**
 * One LISTEN connection that outlives outages: when it drops (or a reconnect fails) it tries again with backoff
 * (250 ms doubling to 2 s) until closed, reporting "down" and then "live" once LISTENing again. Events sent while it
 * was down are not redelivered here: readers catch up from sync_job_event on "live".
 */
async function listenPostgres(
  url: string,
  deliver: (text: string | undefined) => void,
  setState: (state: BusState) => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let closed = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000, keepAlive: true });
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      if (client === next) client = null;
      void next.end().catch(() => undefined);
      if (closed) return;
      setState("down");
      // unref: a process with nothing else to do (a test whose database was dropped) may still exit.
      timer = setTimeout(
        () => void connect().catch(() => undefined),
        Math.min(RECONNECT_MAX_MS, 250 * 2 ** attempt++),
      ).unref();
    };
    next.on("notification", (msg) => deliver(msg.payload));
    next.on("error", onLost);
    next.on("end", onLost);
    try {
      await next.connect();
      await next.query(`LISTEN ${JOB_EVENTS_CHANNEL}`);
    } catch (error) {
      onLost();
      throw error;
    }
    if (closed || lost) return void (await next.end().catch(() => undefined));
    attempt = 0;
    client = next;
    setState("live");
  };
  await connect().catch((error: unknown) => {
    closed = true; // the first connection failing fails the start; no retry loop is left behind
    clearTimeout(timer);
    throw error;
  });
  return async () => {
    closed = true;
    clearTimeout(timer);
    await client?.end().catch(() => undefined);
  };
}

export async function createProgressBus(db: Database): Promise<ProgressBus> {
  const listeners = new Set<BusListener>();
  const deliver = (text: string | undefined) => {
    const event = parse(text);
    if (!event) return;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // One faulty listener must not starve the others.
      }
    }
  };
  let state: BusState = "live";
  const stateListeners = new Set<(state: BusState) => void>();
  const setState = (next: BusState) => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  };
  const stop = await listenPostgres(db.url, deliver, setState);
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    state: () => state,
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    listenerCount: () => listeners.size,
    close: async () => {
      setState("closed");
      listeners.clear();
      stateListeners.clear();
      await stop();
    },
  };
}
