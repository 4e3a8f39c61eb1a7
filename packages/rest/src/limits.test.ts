// Hostile tenants, bounded requests and fair use over real HTTP: oversized and chunked bodies, numbers past the
// database's range, source config bounds, the per-organization job and subscription limits. Slow SSE readers:
// sse-slow-reader.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { clientFor, createCollection, createConnection, run, waitFor, type Client } from "./testing/http";
import { startRestServer, type RestServer } from "./testing/serve";
import { JOB, PUBLIC_STATUS } from "@weft/job-model";

const MiB = 1024 * 1024;
const SSE_MAX = 2;

let server: RestServer;
let client: Client;
let other: Client;
beforeAll(async () => {
  server = await startRestServer("limits", { engine: { concurrency: 4, orgMaxRunningJobs: 2, sseMaxPerOrg: SSE_MAX } });
  client = clientFor(server, await server.keyFor("limits-org"));
  other = clientFor(server, await server.keyFor("limits-other-org"));
});
afterAll(() => server.close());

/** A 2 MiB JSON body sent as a stream: chunked, with no Content-Length. */
function chunkedBody(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode(`{"name":"${"x".repeat(64 * 1024)}`);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}

async function post(path: string, body: BodyInit, key: string | null) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key) headers["x-api-key"] = key;
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers,
    body,
    duplex: "half",
  } as RequestInit);
  return { status: response.status, body: (await response.json().catch(() => null)) as { detail?: unknown } | null };
}

/** A slow stub run (minutes unless cancelled) of a new connection. */
async function slowRun(c: Client): Promise<string> {
  const collection = await createCollection(c);
  const connection = await createConnection(c, collection.readable_id, {
    entity_count: 100_000,
    generation_delay_ms: 50,
  });
  return (await run(c, connection.id)).id;
}

async function cancel(jobId: string) {
  const job = await server.engine.db.prisma.syncJob.findUniqueOrThrow({ where: { id: jobId } });
  await server.engine.cancelJob({ jobId, organizationId: job.organizationId });
}

describe(`bounded requests (${testBackend})`, () => {
  const big = JSON.stringify({ name: "x".repeat(2 * MiB) });

  it("answers a 2 MiB body with Content-Length 413 and a JSON detail, with or without a key", async () => {
    for (const key of [client.key, null]) {
      const answer = await post("/collections", big, key);
      expect(answer.status).toBe(413);
      expect(answer.body?.detail).toMatch(/WEFT_MAX_BODY_BYTES/);
    }
  });

  it("answers a chunked 2 MiB body without Content-Length 413; without a key 401, the body unread", async () => {
    const authed = await post("/collections", chunkedBody(2 * MiB), client.key);
    expect(authed.status).toBe(413);
    expect(authed.body?.detail).toMatch(/WEFT_MAX_BODY_BYTES/);
    const anonymous = await post("/collections", chunkedBody(2 * MiB), null);
    expect(anonymous.status).toBe(401);
  });

  it("answers skip, limit and Last-Event-ID past the database's range 422, never 500", async () => {
    for (const skip of ["2147483648", "99999999999999999999", "1e300"]) {
      expect((await client("GET", `/collections?skip=${skip}`)).status).toBe(422);
      expect((await client("GET", `/source-connections?skip=${skip}`)).status).toBe(422);
    }
    expect((await client("GET", "/collections?skip=2147483647")).status).toBe(200);
    const collection = await createCollection(client);
    const connection = await createConnection(client, collection.readable_id, { entity_count: 1 });
    const job = await run(client, connection.id);
    await waitFor(server, job.id, [JOB.COMPLETED]);
    const resumed = await client("GET", `/sync/job/${job.id}/subscribe`, {
      headers: { "last-event-id": "2147483648" },
    });
    expect(resumed.status).toBe(422);
  });

  it("refuses a stub of 10^9 entities and other unbounded source config with 422", async () => {
    const collection = await createCollection(client);
    const body = (config: Record<string, unknown>, shortName = "stub") => ({
      short_name: shortName,
      readable_collection_id: collection.readable_id,
      config,
      sync_immediately: false,
    });
    expect((await client("POST", "/source-connections", { body: body({ entity_count: 1_000_000_000 }) })).status).toBe(
      422,
    );
    expect(
      (await client("POST", "/source-connections", { body: body({ entity_count: 10, fail_after: 1e12 }) })).status,
    ).toBe(422);
    expect(
      (
        await client("POST", "/source-connections", {
          body: body({ entity_count: 10, generation_delay_ms: 1e9 }, "incremental_stub"),
        })
      ).status,
    ).toBe(422);
    expect((await client("POST", "/source-connections", { body: body({ entity_count: 10_000_000 }) })).status).toBe(
      200,
    );
  });
});

describe(`fair use (${testBackend})`, () => {
  it("runs at most 2 jobs of an organization at once: the third waits PENDING, in order, while another organization starts", async () => {
    const [a1, a2, a3, a4] = [
      await slowRun(client),
      await slowRun(client),
      await slowRun(client),
      await slowRun(client),
    ];
    await waitFor(server, a1, [JOB.RUNNING]);
    await waitFor(server, a2, [JOB.RUNNING]);
    const b1 = await slowRun(other);
    await waitFor(server, b1, [JOB.RUNNING]);
    // Four workers are free for them, yet the organization's third and fourth jobs wait.
    expect((await client("GET", `/sync/jobs/${a3}`)).body.status).toBe(PUBLIC_STATUS.PENDING);
    expect((await client("GET", `/sync/jobs/${a4}`)).body.status).toBe(PUBLIC_STATUS.PENDING);

    await cancel(a1);
    await waitFor(server, a3, [JOB.RUNNING]);
    expect((await client("GET", `/sync/jobs/${a4}`)).body.status).toBe(PUBLIC_STATUS.PENDING);
    const running = await server.engine.db.prisma.syncJob.count({
      where: { id: { in: [a1, a2, a3, a4] }, status: { in: [JOB.RUNNING, JOB.CANCELLING] } },
    });
    expect(running).toBeLessThanOrEqual(2);

    for (const id of [a2, a3, a4, b1]) await cancel(id);
    for (const id of [a2, a3, a4, b1]) await waitFor(server, id, [JOB.CANCELLED, JOB.FAILED]);
  });

  it(`answers subscription number WEFT_SSE_MAX_PER_ORG + 1 (${SSE_MAX + 1}) with 429 and a JSON detail, per organization`, async () => {
    const jobId = await slowRun(client);
    const open = async (c: Client, id: string) => {
      const abort = new AbortController();
      const response = await fetch(`${server.url}/sync/job/${id}/subscribe`, {
        headers: { "x-api-key": c.key },
        signal: abort.signal,
      });
      return { response, abort };
    };
    const streams = [];
    for (let i = 0; i < SSE_MAX; i++) streams.push(await open(client, jobId));
    expect(streams.map((s) => s.response.status)).toEqual([200, 200]);
    const refused = await open(client, jobId);
    expect(refused.response.status).toBe(429);
    expect(((await refused.response.json()) as { detail: string }).detail).toMatch(/WEFT_SSE_MAX_PER_ORG/);

    const otherJob = await slowRun(other);
    const elsewhere = await open(other, otherJob);
    expect(elsewhere.response.status).toBe(200);

    streams[0]?.abort.abort();
    await expect
      .poll(async () => await open(client, jobId).then((s) => (s.abort.abort(), s.response.status)), {
        timeout: 10_000,
      })
      .toBe(200);
    for (const s of [...streams, elsewhere]) s.abort.abort();
    for (const id of [jobId, otherJob]) await cancel(id);
  });
});
