// Bounded requests and subscription limits on the built app's own routes (/api/trpc, /api/session) under
// `next start`: oversized and chunked bodies get 413, batches are capped, numbers past the database's range are
// BAD_REQUEST, an unexpected error says nothing internal, and subscription number WEFT_SSE_MAX_PER_ORG + 1 gets 429.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOT_BUILT_MESSAGE, startBuiltWeb, webIsBuilt, type BuiltWeb } from "./testing/built-server";

if (!webIsBuilt) console.log(`limits tests skipped: ${NOT_BUILT_MESSAGE}`);

const MiB = 1024 * 1024;
const SSE_MAX = 2;

function chunkedBody(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode(`{"json":{"name":"${"x".repeat(64 * 1024)}`);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}

describe.skipIf(!webIsBuilt)("limits of /api/trpc and /api/session under next start", () => {
  let web: BuiltWeb;
  let key: string;
  beforeAll(async () => {
    web = await startBuiltWeb({ env: { WEFT_SSE_MAX_PER_ORG: String(SSE_MAX) } });
    key = web.demoKey ?? "";
  });
  afterAll(() => web?.stop());

  const post = async (path: string, body: BodyInit, headers: Record<string, string> = {}) => {
    const response = await fetch(`${web.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      duplex: "half",
    } as RequestInit);
    return {
      status: response.status,
      body: (await response.json().catch(() => null)) as Record<string, unknown> | null,
    };
  };
  const trpcGet = async (path: string, input: unknown, extra = "") => {
    const response = await fetch(
      `${web.url}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}${extra}`,
      { headers: { "x-api-key": key } },
    );
    return { status: response.status, text: await response.text() };
  };

  it("answers 2 MiB bodies 413 with a JSON detail on /api/trpc and /api/session, chunked or not, with or without a key", async () => {
    const big = JSON.stringify({ json: { name: "x".repeat(2 * MiB) } });
    for (const headers of [{ "x-api-key": key }, {}] as Record<string, string>[]) {
      for (const body of [big, chunkedBody(2 * MiB)]) {
        const answer = await post("/api/trpc/collections.create", body, headers);
        expect(answer.status).toBe(413);
        expect(answer.body?.detail).toMatch(/WEFT_MAX_BODY_BYTES/);
      }
    }
    for (const body of [JSON.stringify({ apiKey: "x".repeat(2 * MiB) }), chunkedBody(2 * MiB)]) {
      const answer = await post("/api/session", body);
      expect(answer.status).toBe(413);
      expect(answer.body?.detail).toMatch(/WEFT_MAX_BODY_BYTES/);
    }
    // A normal sign-in still works behind the limit.
    expect((await post("/api/session", JSON.stringify({ apiKey: key }), { origin: web.url })).body).toMatchObject({
      ok: true,
    });
  });

  it("caps tRPC batches at 10 calls", async () => {
    const batch = (n: number) => {
      const paths = Array.from({ length: n }, () => "collections.list").join(",");
      const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { json: {} }]));
      return fetch(`${web.url}/api/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`, {
        headers: { "x-api-key": key },
      });
    };
    expect((await batch(10)).status).toBe(200);
    const refused = await batch(11);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/Batch call exceeds maximum size/);
  });

  it("answers skip and afterSeq past the database's range BAD_REQUEST, never an internal error", async () => {
    const list = await trpcGet("collections.list", { json: { skip: 2_147_483_648 } });
    expect(list.status).toBe(400);
    const events = await trpcGet("jobs.events", {
      json: { jobId: "00000000-0000-0000-0000-000000000000", afterSeq: 2_147_483_648 },
    });
    expect(events.status).toBe(400);
    expect(events.text).not.toMatch(/prisma|invocation|SELECT|stack/i);
  });

  it(`answers tRPC subscription number WEFT_SSE_MAX_PER_ORG + 1 (${SSE_MAX + 1}) with 429 and a JSON detail`, async () => {
    const open = async () => {
      const abort = new AbortController();
      const response = await fetch(`${web.url}/api/trpc/subscriptions.orgActivity`, {
        headers: { "x-api-key": key, accept: "text/event-stream" },
        signal: abort.signal,
      });
      if (response.status === 200) {
        // The slot is taken once the stream starts: wait for its first bytes.
        await response.body?.getReader().read();
      }
      return { response, abort };
    };
    const streams = [await open(), await open()];
    expect(streams.map((s) => s.response.status)).toEqual([200, 200]);
    const refused = await open();
    expect(refused.response.status).toBe(429);
    expect(((await refused.response.json()) as { detail: string }).detail).toMatch(/WEFT_SSE_MAX_PER_ORG/);
    for (const s of streams) s.abort.abort();
    await expect
      .poll(async () => await open().then((s) => (s.abort.abort(), s.response.status)), { timeout: 10_000 })
      .toBe(200);
  });
});
