// Reads an SSE response frame by frame with eventsource-parser, as a browser's EventSource would.
import { createParser, type EventSourceMessage } from "eventsource-parser";

export type Frame = { id: string | undefined; data: Record<string, unknown>; at: number };

/** Collects frames until the server closes the stream, `until` returns true, or `timeoutMs` passes. */
export async function readFrames(
  response: Response,
  options: { until?: (frames: Frame[]) => boolean; timeoutMs?: number; abort?: AbortController } = {},
): Promise<{ frames: Frame[]; closedByServer: boolean }> {
  const frames: Frame[] = [];
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      frames.push({ id: message.id, data: JSON.parse(message.data) as Record<string, unknown>, at: Date.now() });
    },
  });
  const body = response.body;
  if (!body) throw new Error("response has no body");
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let closedByServer = false;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), remaining));
    const next = await Promise.race([reader.read(), timer]);
    if (next === "timeout") break;
    if (next.done) {
      closedByServer = true;
      break;
    }
    parser.feed(decoder.decode(next.value, { stream: true }));
    if (options.until?.(frames)) break;
  }
  if (!closedByServer) {
    options.abort?.abort();
    await reader.cancel().catch(() => undefined);
  }
  return { frames, closedByServer };
}
