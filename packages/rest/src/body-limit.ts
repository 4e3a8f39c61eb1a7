// Request bodies are bounded before anything parses them: a declared Content-Length over the limit is refused
// without reading, and a body without one (chunked) is read only up to the limit, then refused. Used by /v1, and by
// the web app in front of /api/trpc and /api/session.
import { env } from "@weft/config";

/** 413 with a JSON `detail` that names the limit and the variable; the unread rest of the body is discarded. */
export function payloadTooLarge(maxBytes: number, request?: Request): Response {
  if (request) discardUnreadBody(request);
  const detail = `Request body is larger than ${maxBytes} bytes (WEFT_MAX_BODY_BYTES).`;
  return new Response(JSON.stringify({ detail }), { status: 413, headers: { "content-type": "application/json" } });
}

/** True when the request says its body is larger than `maxBytes`. */
export function declaresTooLarge(request: Request, maxBytes: number): boolean {
  const declared = request.headers.get("content-length");
  return declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes;
}

/** How long the rest of a refused body is read and thrown away, so the client can finish sending and see the 413. */
const DISCARD_MS = 10_000;

/**
 * Cancelling the body at once would reset the connection under a client still sending, and it would never see the
 * answer; like Node's own handling of unread bodies, the rest is read and dropped (no memory held), for a while.
 */
function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  const stop = setTimeout(() => void reader.cancel().catch(() => undefined), DISCARD_MS);
  stop.unref?.();
  void (async () => {
    for (;;) if ((await reader.read()).done) break;
  })()
    .catch(() => undefined)
    .finally(() => clearTimeout(stop));
}

/** Reads and drops whatever of the body nobody read (e.g. after a 401), so the connection stays usable. */
export function discardUnreadBody(request: Request): void {
  if (request.body && !request.bodyUsed && !request.body.locked) discardRest(request.body.getReader());
}

/** The body's bytes, or null as soon as more than `maxBytes` arrive (the rest is never read). */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (declaresTooLarge(request, maxBytes)) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      discardRest(reader);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The request with its body read into memory within `maxBytes` (so later readers cannot be made to hold more), or
 * the 413 answer. Requests without a body pass through untouched.
 */
export async function limitRequestBody(
  request: Request,
  maxBytes: number = env.WEFT_MAX_BODY_BYTES,
): Promise<Request | Response> {
  if (request.method === "GET" || request.method === "HEAD" || !request.body) return request;
  const bytes = await readBodyBytes(request, maxBytes);
  if (!bytes) return payloadTooLarge(maxBytes, request);
  const headers = new Headers(request.headers);
  headers.delete("transfer-encoding");
  headers.set("content-length", String(bytes.byteLength));
  return new Request(request.url, { method: request.method, headers, body: bytes, signal: request.signal });
}
