// GET /v1/sync/job/{job_id}/subscribe as CONTRACT.md describes it: bare `data:` frames; `connected` first; progress
// frames with their event's sequence as `id:`; a heartbeat after WEFT_SSE_HEARTBEAT_MS of silence; the final state,
// then the server closes. `Last-Event-ID` resumes after that event with none lost and none repeated.
//
// Cheap per subscriber: events come from the job's shared channel through the jobProgress subscription, and are
// pulled only when the HTTP server asks for more (it stops asking while the socket is full), so a slow reader leaves
// its events to be coalesced upstream (the latest state, every status change, the final frame) instead of queueing
// frames here. A frame's bytes are encoded once per event, not per subscriber, and one shared tick sends heartbeats.
import { TRPCError } from "@trpc/server";
import { env } from "@weft/config";
import { isEndStatus, toPublicStatus } from "@weft/job-model";
import type { RouteInput } from "./route";
import { openHeartbeat } from "./sse-heartbeat";

const SSE_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

type SubscribeInput = Pick<RouteInput<undefined, undefined, undefined>, "caller" | "request" | "signal" | "abort"> & {
  jobId: string;
};
type Caller = SubscribeInput["caller"];
type StreamEnvelope =
  Awaited<ReturnType<Caller["subscriptions"]["jobProgress"]>> extends AsyncIterable<infer E> ? E : never;
type StreamEvent = StreamEnvelope extends { data: infer D } ? D : never;

const encoder = new TextEncoder();
const encodeFrame = (frame: unknown, id?: number) =>
  encoder.encode(`${id === undefined ? "" : `id: ${id}\n`}data: ${JSON.stringify(frame)}\n\n`);

// The same event object reaches every subscriber of the job in this process: its frame is encoded once.
const encodedFrames = new WeakMap<StreamEvent, Uint8Array>();
function progressFrame(event: StreamEvent): Uint8Array {
  let bytes = encodedFrames.get(event);
  if (bytes) return bytes;
  bytes = encodeFrame(
    {
      type: "progress",
      job_id: event.jobId,
      status: toPublicStatus(event.status),
      entities_inserted: event.entities_inserted,
      entities_updated: event.entities_updated,
      entities_deleted: event.entities_deleted,
      entities_kept: event.entities_kept,
      entities_skipped: event.entities_skipped,
      entities_failed: event.entities_failed,
      entities_encountered: event.entities_encountered,
      ...(event.expected_total != null ? { expected_total: event.expected_total } : {}),
      ...(event.error ? { error: event.error } : {}),
    },
    event.seq,
  );
  encodedFrames.set(event, bytes);
  return bytes;
}

function lastEventId(request: Request): number | undefined {
  const raw = request.headers.get("last-event-id")?.trim();
  return raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/** What an error frame may say: a procedure's own message, never an internal error's text (hosts, SQL). */
function streamErrorMessage(error: unknown): string {
  return error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR" ? error.message : "Stream failed";
}

let peakQueued = 0;
/** The most bytes any SSE stream of this process has held unread by the HTTP server at once (gauge for tests). */
export function peakSseQueuedBytes(): number {
  return peakQueued;
}

export async function subscribeResponse({ caller, request, signal, abort, jobId }: SubscribeInput): Promise<Response> {
  // Throws NOT_FOUND (→ 404 JSON) for unknown or foreign jobs before anything is streamed.
  const events = await caller.subscriptions.jobProgress({ jobId, lastEventId: lastEventId(request) });
  const iterator = events[Symbol.asyncIterator]();
  let ended = false;
  let stopHeartbeat = () => {};
  let writeNext: (bytes: Uint8Array) => void = () => {};
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const write = (bytes: Uint8Array) => {
          controller.enqueue(bytes);
          heartbeat.wrote();
          peakQueued = Math.max(peakQueued, -(controller.desiredSize ?? 0));
        };
        // A heartbeat only into an empty queue: one left unread is enough to keep a stalled connection open.
        const heartbeat = openHeartbeat(env.WEFT_SSE_HEARTBEAT_MS, () => {
          if (!ended && (controller.desiredSize ?? 0) >= 0) write(encodeFrame({ type: "heartbeat" }));
        });
        stopHeartbeat = () => heartbeat.stop();
        write(encodeFrame({ type: "connected", job_id: jobId }));
        writeNext = write;
      },
      // Called only while the HTTP server wants bytes (highWaterMark 0): a reader that stopped is not written to.
      async pull(controller) {
        const end = () => {
          ended = true;
          stopHeartbeat();
          controller.close();
          abort();
        };
        try {
          const next = await iterator.next();
          if (ended) return;
          if (next.done) return end();
          // A tracked() envelope is an [id, data] tuple at run time, whatever its declared type says.
          const [, event] = next.value as unknown as [string, StreamEvent];
          writeNext(progressFrame(event));
          if (isEndStatus(event.status)) end();
        } catch (error) {
          if (ended) return;
          if (!signal.aborted) writeNext(encodeFrame({ type: "error", message: streamErrorMessage(error) }));
          end();
        }
      },
      cancel() {
        ended = true;
        stopHeartbeat();
        abort(); // the client went away: the subscription's generator ends and leaves the job's channel
      },
    },
    { highWaterMark: 0, size: (chunk) => chunk.byteLength },
  );
  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}
