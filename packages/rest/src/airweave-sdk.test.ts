// The published Airweave TypeScript client (@airweave/sdk 0.7.20, unmodified) against Weft's /v1 over real HTTP:
// CONTRACT.md says a client written against Airweave must work unchanged with `baseUrl` set to `<weft>/v1`.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AirweaveSDK, AirweaveSDKClient, AirweaveSDKError } from "@airweave/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { uniqueId } from "./testing/http";
import { startRestServer, type RestServer } from "./testing/serve";
import { JOB } from "@weft/job-model";

type Seen = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

/** A recording pass-through in front of the server, to see exactly what the SDK sends. */
async function recordingProxy(target: string, seen: Seen[]): Promise<{ url: string; server: Server }> {
  const proxy = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const headers = Object.entries(req.headers).filter(
        ([name, v]) => typeof v === "string" && !["host", "connection", "content-length"].includes(name),
      ) as [string, string][];
      const upstream = await fetch(new URL(req.url ?? "/", target), {
        method: req.method,
        headers,
        body: body === "" ? undefined : body,
      });
      res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/v1`, server: proxy };
}

let server: RestServer;
let proxy: Server;
let client: AirweaveSDKClient;
const seen: Seen[] = [];
beforeAll(async () => {
  server = await startRestServer("airweave-sdk");
  const recording = await recordingProxy(server.url, seen);
  proxy = recording.server;
  client = new AirweaveSDKClient({ baseUrl: recording.url, apiKey: await server.keyFor("sdk-org") });
});
afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await server.close();
});

const noRetry = { maxRetries: 0 };

/** Polls the job list (as an SDK user would) until the job reaches `status`. */
async function jobReaching(connectionId: string, jobId: string, status: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const jobs = await client.sourceConnections.getSourceConnectionJobs(connectionId, { limit: 10 });
    const job = jobs.find((j) => j.id === jobId);
    if (job && String(job.status) === status) return { job, jobs };
    if (Date.now() > deadline) throw new Error(`job ${jobId} is ${String(job?.status)}, not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function sdkError(promise: Promise<unknown>): Promise<AirweaveSDKError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AirweaveSDKError);
  return error as AirweaveSDKError;
}

describe(`@airweave/sdk 0.7.20 against /v1 (${testBackend})`, () => {
  it("lists and gets sources (stub included)", async () => {
    const sources = await client.sources.list();
    expect(sources.map((s) => s.short_name)).toContain("stub");
    const stub = await client.sources.get("stub");
    expect(stub.short_name).toBe("stub");
    expect(stub.config_fields.fields.map((f) => f.name)).toContain("entity_count");
  });

  it("creates, gets and lists collections", async () => {
    const readableId = uniqueId("sdk");
    const created = await client.collections.create({ name: "SDK collection", readable_id: readableId });
    expect(created).toMatchObject({ name: "SDK collection", readable_id: readableId, status: "NEEDS SOURCE" });
    expect((await client.collections.get(readableId)).id).toBe(created.id);
    const list = await client.collections.list({ skip: 0, limit: 100 });
    expect(list.map((c) => c.readable_id)).toContain(readableId);
    const generated = await client.collections.create({ name: "SDK generated id" });
    expect(generated.readable_id).toMatch(/^sdk-generated-id-[a-z0-9]{6}$/);
    const deleted = await client.collections.delete(generated.readable_id);
    expect(deleted.id).toBe(generated.id);
    expect((await sdkError(client.collections.get(generated.readable_id, noRetry))).statusCode).toBe(404);
  });

  it("creates a stub connection, runs it to COMPLETED, refuses a second run while one is active, cancels it", async () => {
    const readableId = uniqueId("sdk-run");
    await client.collections.create({ name: "SDK run collection", readable_id: readableId });
    const connection = await client.sourceConnections.create({
      name: "SDK stub",
      short_name: "stub",
      readable_collection_id: readableId,
      config: { entity_count: 500, seed: 1 },
      sync_immediately: false,
    });
    expect(connection).toMatchObject({
      name: "SDK stub",
      short_name: "stub",
      readable_collection_id: readableId,
      status: "active",
    });
    expect(connection.sync?.last_job ?? null).toBeNull();
    expect((await client.sourceConnections.get(connection.id)).id).toBe(connection.id);
    const listed = await client.sourceConnections.list({ collection: readableId });
    expect(listed.map((c) => [c.id, c.is_authenticated, c.auth_method])).toEqual([[connection.id, true, "direct"]]);
    expect((await client.collections.get(readableId)).status).toBe("ACTIVE");

    const first = await client.sourceConnections.run(connection.id);
    expect(String(first.status)).toBe(JOB.PENDING);
    expect(first.source_connection_id).toBe(connection.id);
    const { job: completed } = await jobReaching(connection.id, first.id, JOB.COMPLETED);
    expect(completed).toMatchObject({ entities_inserted: 500, entities_failed: 0, error: null });
    expect(completed.duration_seconds).toEqual(expect.any(Number));

    const updated = await client.sourceConnections.update(connection.id, {
      config: { entity_count: 100_000, seed: 2, generation_delay_ms: 1 },
    });
    expect(updated.config).toMatchObject({ entity_count: 100_000, seed: 2, generation_delay_ms: 1 });
    const slow = await client.sourceConnections.run(connection.id, {}, noRetry);
    expect(String(slow.status)).toBe(JOB.PENDING);
    const conflict = await sdkError(client.sourceConnections.run(connection.id, {}, noRetry));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).toEqual({ detail: "A sync is already running for this connection" });

    const cancelling = await client.sourceConnections.cancelJob(connection.id, slow.id, noRetry);
    expect(cancelling.id).toBe(slow.id);
    expect([JOB.CANCELLING, JOB.CANCELLED]).toContain(String(cancelling.status));
    const { job: cancelled, jobs } = await jobReaching(connection.id, slow.id, JOB.CANCELLED);
    expect(cancelled.entities_inserted ?? 0).toBeLessThan(100_000);
    expect(jobs.map((j) => j.id)).toEqual([slow.id, first.id]); // newest first
    expect((await sdkError(client.sourceConnections.cancelJob(connection.id, slow.id, noRetry))).statusCode).toBe(409);

    const after = await client.sourceConnections.get(connection.id);
    expect(after.sync).toMatchObject({ total_runs: 2, successful_runs: 1, last_job: { id: slow.id } });
    expect(after.entities?.total_entities).toBeGreaterThanOrEqual(500);
  });

  it("surfaces 404 and 422 as the SDK's typed errors", async () => {
    const missing = await sdkError(client.sourceConnections.get("00000000-0000-0000-0000-000000000000", noRetry));
    expect(missing.statusCode).toBe(404);
    const invalid = await sdkError(
      client.sourceConnections.getSourceConnectionJobs("not-a-uuid", { limit: 10 }, noRetry),
    );
    expect(invalid).toBeInstanceOf(AirweaveSDK.UnprocessableEntityError);
    expect(invalid.statusCode).toBe(422);
    const badLimit = await sdkError(client.collections.list({ limit: 5000 }, noRetry));
    expect(badLimit.statusCode).toBe(422);
    const unauthorized = await sdkError(
      new AirweaveSDKClient({ baseUrl: server.url, apiKey: "wrong" }).sources.list(noRetry),
    );
    expect(unauthorized.statusCode).toBe(401);
  });

  it("sent what this suite assumes of it: x-api-key only, no trailing slash, no body or content-type on run/cancel", () => {
    const sdkRequests = seen.filter((r) => r.headers["x-api-key"] !== "wrong");
    expect(sdkRequests.length).toBeGreaterThan(15);
    for (const request of seen) {
      expect(request.headers["x-api-key"]).toEqual(expect.any(String));
      expect(request.headers.authorization).toBeUndefined();
      expect(new URL(request.url, "http://x").pathname).not.toMatch(/\/$/);
    }
    const bodiless = seen.filter(
      (r) => r.method === "POST" && /\/(run|cancel)$/.test(new URL(r.url, "http://x").pathname),
    );
    expect(bodiless.length).toBeGreaterThanOrEqual(4);
    for (const request of bodiless) expect([request.body, request.headers["content-type"]]).toEqual(["", undefined]);
  });
});
