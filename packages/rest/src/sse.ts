// GET /v1/sync/job/{job_id}/subscribe as CONTRACT.md describes it: bare `data:` frames; `connected` first; progress
// frames with their event's sequence as `id:`; a heartbeat after WEFT_SSE_HEARTBEAT_MS of silence; the final state,
// then the server closes. `Last-Event-ID` resumes after that event with none lost and none repeated.
import { TRPCError } from "@trpc/server";
import { env } from "@weft/config";
import type { JobStreamEvent } from "@weft/api";
import { isEndStatus } from "@weft/job-model";
import { toPublicStatus } from "@weft/job-model";
import type { RouteInput } from "./route";

const SSE_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

function progressFrame(event: JobStreamEvent) {
  return {
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
  };
}

function lastEventId(request: Request): number | undefined {
  const raw = request.headers.get("last-event-id")?.trim();
  return raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/**
 * Frames a subscriber has not read yet, beyond which it is dropped: a client that stops reading must not make the
 * server hold its stream in memory. Progress frames are a few hundred bytes, so this is thousands of frames behind.
 */
const SSE_MAX_BUFFERED_BYTES = 1024 * 1024;

/** What an error frame may say: a procedure's own message, never an internal error's text (hosts, SQL). */
function streamErrorMessage(error: unknown): string {
  return error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR" ? error.message : "Stream failed";
}

type SubscribeInput = Pick<
  RouteInput<undefined, undefined, undefined>,
  "caller" | "request" | "signal" | "abort" | "sseMaxBufferedBytes"
> & { jobId: string };

export async function subscribeResponse({
  caller,
  request,
  signal,
  abort,
  jobId,
  sseMaxBufferedBytes = SSE_MAX_BUFFERED_BYTES,
}: SubscribeInput): Promise<Response> {
  // Throws NOT_FOUND (→ 404 JSON) for unknown or foreign jobs before anything is streamed.
  const events = await caller.subscriptions.jobProgress({ jobId, lastEventId: lastEventId(request) });
  const encoder = new TextEncoder();
  let dropped = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        let lastWrite = Date.now();
        const write = (frame: unknown, id?: string) => {
          // Once the client is gone the stream is closed: the heartbeat timer must not write into it.
          if (dropped || signal.aborted) return;
          controller.enqueue(
            encoder.encode(`${id === undefined ? "" : `id: ${id}\n`}data: ${JSON.stringify(frame)}\n\n`),
          );
          lastWrite = Date.now();
          // desiredSize falls by every byte the reader has not taken (the HTTP server stops reading when the socket
          // is full): past the bound the subscriber is dropped and its queue freed, rather than buffered forever.
          if ((controller.desiredSize ?? 0) < -sseMaxBufferedBytes) {
            dropped = true;
            controller.error(new Error("SSE subscriber dropped: it stopped reading"));
            abort();
          }
        };
        const heartbeat = setInterval(
          () => {
            if (Date.now() - lastWrite >= env.WEFT_SSE_HEARTBEAT_MS) write({ type: "heartbeat" });
          },
          Math.min(env.WEFT_SSE_HEARTBEAT_MS, 1000),
        );
        write({ type: "connected", job_id: jobId });
        try {
          for await (const envelope of events) {
            const [id, event] = envelope as unknown as [string, JobStreamEvent];
            write(progressFrame(event), id);
            if (isEndStatus(event.status)) break;
          }
        } catch (error) {
          if (!signal.aborted) write({ type: "error", message: streamErrorMessage(error) });
        } finally {
          clearInterval(heartbeat);
          if (!signal.aborted) controller.close();
          abort();
        }
      },
      cancel() {
        dropped = true;
        abort(); // the client went away: the subscription's generator ends and unsubscribes
      },
    },
    { highWaterMark: 0, size: (chunk) => chunk.byteLength },
  );
  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}
