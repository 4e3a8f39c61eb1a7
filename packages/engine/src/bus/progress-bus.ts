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

export type ProgressBus = {
  subscribe(listener: BusListener): () => void;
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

async function listenPostgres(url: string, deliver: (text: string | undefined) => void): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let closed = false;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on("notification", (msg) => deliver(msg.payload));
    next.on("error", () => {
      // Reconnect after a dropped connection; events in the gap are in sync_job_event for readers that resume.
      void next.end().catch(() => undefined);
      if (!closed) setTimeout(() => void connect().catch(() => undefined), 500);
    });
    await next.connect();
    await next.query(`LISTEN ${JOB_EVENTS_CHANNEL}`);
    client = next;
  };
  await connect();
  return async () => {
    closed = true;
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
  const stop = await listenPostgres(db.url, deliver);
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    listenerCount: () => listeners.size,
    close: async () => {
      listeners.clear();
      await stop();
    },
  };
}
