// A minimal Server-Sent Events reader for tests of the built server: every frame (event, id, data) until the server
// closes the stream, the connection breaks (the server process died: `broken`) or `timeoutMs` passes.
export type SseFrame = { event: string | undefined; id: string | undefined; data: string; at: number };

export type SseRead = { frames: SseFrame[]; closedByServer: boolean; broken?: boolean };

export async function readSse(
  response: Response,
  timeoutMs: number,
  until?: (frames: SseFrame[]) => boolean,
): Promise<SseRead> {
  const frames: SseFrame[] = [];
  const reader = response.body?.getReader();
  if (!reader) throw new Error("response has no body");
  const decoder = new TextDecoder();
  let buffer = "";
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const remaining = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">(
      (resolve) => (timer = setTimeout(() => resolve("timeout"), Math.max(0, remaining))),
    );
    const next = await Promise.race([reader.read(), timeout])
      .catch(() => "broken" as const)
      .finally(() => clearTimeout(timer));
    if (next === "broken") return { frames, closedByServer: false, broken: true };
    if (next === "timeout") {
      await reader.cancel().catch(() => undefined);
      return { frames, closedByServer: false };
    }
    if (next.done) return { frames, closedByServer: true };
    buffer += decoder.decode(next.value, { stream: true }).replaceAll("\r\n", "\n");
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const frame: SseFrame = { event: undefined, id: undefined, data: "", at: Date.now() };
      for (const line of block.split("\n")) {
        const colon = line.indexOf(":");
        if (colon === 0) continue; // a comment
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") frame.event = value;
        else if (field === "id") frame.id = value;
        else if (field === "data") frame.data += frame.data ? `\n${value}` : value;
      }
      if (frame.data || frame.event) frames.push(frame);
    }
    if (until?.(frames)) {
      await reader.cancel().catch(() => undefined);
      return { frames, closedByServer: false };
    }
  }
}
