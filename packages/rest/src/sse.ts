// GET /v1/sync/job/{job_id}/subscribe as CONTRACT.md describes it: bare `data:` frames; `connected` first; progress
// frames with their event's sequence as `id:`; a heartbeat after WEFT_SSE_HEARTBEAT_MS of silence; the final state,
// then the server closes. `Last-Event-ID` resumes after that event with none lost and none repeated.
import { env } from "@weft/db";
import type { JobStreamEvent } from "@weft/api";
import { isEndStatus } from "@weft/engine";
import { lowerStatus } from "./dto/jobs";
import type { RouteInput } from "./route";

export const SSE_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

export function progressFrame(event: JobStreamEvent) {
  return {
    type: "progress",
    job_id: event.jobId,
    status: lowerStatus(event.status),
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

type SubscribeInput = Pick<RouteInput<undefined, undefined, undefined>, "caller" | "request" | "signal" | "abort"> & { jobId: string };

export async function subscribeResponse({ caller, request, signal, abort, jobId }: SubscribeInput): Promise<Response> {
  // Throws NOT_FOUND (→ 404 JSON) for unknown or foreign jobs before anything is streamed.
  const events = await caller.subscriptions.jobProgress({ jobId, lastEventId: lastEventId(request) });
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let lastWrite = Date.now();
      const write = (frame: unknown, id?: string) => {
        controller.enqueue(encoder.encode(`${id === undefined ? "" : `id: ${id}\n`}data: ${JSON.stringify(frame)}\n\n`));
        lastWrite = Date.now();
      };
      const heartbeat = setInterval(() => {
        if (Date.now() - lastWrite >= env.WEFT_SSE_HEARTBEAT_MS) write({ type: "heartbeat" });
      }, Math.min(env.WEFT_SSE_HEARTBEAT_MS, 1000));
      write({ type: "connected", job_id: jobId });
      try {
        for await (const envelope of events) {
          const [id, event] = envelope as unknown as [string, JobStreamEvent];
          write(progressFrame(event), id);
          if (isEndStatus(event.status)) break;
        }
      } catch (error) {
        if (!signal.aborted) write({ type: "error", message: error instanceof Error ? error.message : "Stream failed" });
      } finally {
        clearInterval(heartbeat);
        if (!signal.aborted) controller.close();
        abort();
      }
    },
    cancel() {
      abort(); // the client went away: the subscription's generator ends and unsubscribes
    },
  });
  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}
