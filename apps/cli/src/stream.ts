// Following a job over SSE: frames parsed by eventsource-parser; when the stream drops before the job ends, it
// reconnects with Last-Event-ID so no progress event is lost or repeated, backing off while the server is away.
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { ApiError, headers, type Api } from "./api";
import { isEndStatus, type EndStatus, type ProgressFrame } from "./types";

const MAX_RETRY_MS = 5_000;
/** Consecutive failed connections before giving up (about two minutes with the backoff). */
const MAX_ATTEMPTS = 30;

export type FollowEvents = { onProgress(frame: ProgressFrame): void; onReconnect(reason: string): void };

async function openStream(
  api: Api,
  jobId: string,
  lastEventId: string | undefined,
  signal: AbortSignal,
): Promise<Response> {
  const extra: Record<string, string> = { accept: "text/event-stream" };
  if (lastEventId !== undefined) extra["last-event-id"] = lastEventId;
  const res = await fetch(new URL(`/v1/sync/job/${encodeURIComponent(jobId)}/subscribe`, api.url), {
    headers: headers(api, extra),
    signal,
  });
  // 429 and 503 pass; anything else a client sent wrong will not get better by retrying.
  if (!res.ok && res.status !== 429 && res.status !== 503 && res.status < 500) {
    const body = (await res.json().catch(() => null)) as { detail?: unknown } | null;
    throw new ApiError(
      res.status,
      `subscribe to job ${jobId}: ${res.status} ${typeof body?.detail === "string" ? body.detail : res.statusText}`,
    );
  }
  if (!res.ok || !res.body) throw new Error(`the server answered ${res.status}`);
  return res;
}

/** The stream's SSE messages, in order, as eventsource-parser reads them. */
async function* messages(res: Response): AsyncGenerator<EventSourceMessage> {
  const queue: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => queue.push(message) });
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    yield* queue.splice(0);
  }
}

/** Resolves with the job's end status; rejects on a fatal error or when `signal` aborts. */
export async function followJob(
  api: Api,
  jobId: string,
  events: FollowEvents,
  signal: AbortSignal,
): Promise<EndStatus> {
  let lastEventId: string | undefined;
  let failures = 0;
  for (;;) {
    let reason = "the stream ended before the job did";
    try {
      const res = await openStream(api, jobId, lastEventId, signal);
      for await (const message of messages(res)) {
        if (message.id) lastEventId = message.id;
        const frame = JSON.parse(message.data) as { type: string; status?: string; message?: string };
        if (frame.type === "connected") failures = 0;
        else if (frame.type === "error") reason = `the server said: ${frame.message ?? "error"}`;
        else if (frame.type === "progress") {
          events.onProgress(frame as ProgressFrame);
          const status = (frame.status ?? "").toLowerCase();
          if (isEndStatus(status)) return status;
        }
      }
    } catch (error) {
      if (signal.aborted || error instanceof ApiError) throw error;
      reason =
        error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    }
    failures++;
    if (failures > MAX_ATTEMPTS)
      throw new Error(`Lost the progress stream of job ${jobId} (${reason}) and could not reconnect.`);
    events.onReconnect(reason);
    await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_RETRY_MS, 250 * 2 ** Math.min(failures - 1, 5))));
    if (signal.aborted) throw signal.reason;
  }
}
