// The SSE endpoint over real HTTP, read frame by frame: order, ids, heartbeats, resume, late subscribers, errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { waitForJob } from "@weft/engine/testing";
import { startRestServer, type RestServer } from "./testing/serve";
import { readFrames } from "./testing/sse-client";
import { JOB, PUBLIC_STATUS } from "@weft/job-model";

let server: RestServer;
let key: string;
beforeAll(async () => {
  server = await startRestServer("sse");
  key = await server.keyFor("sse-org");
});
afterAll(() => server.close());

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { "x-api-key": key, ...init.headers } });

async function startStubRun(config: Record<string, unknown>) {
  await api("/collections", {
    method: "POST",
    body: JSON.stringify({ name: "SSE collection", readable_id: `sse-${Date.now()}` }),
    headers: { "content-type": "application/json" },
  })
    .then((r) => r.json() as Promise<{ readable_id: string }>)
    .then((c) =>
      api("/source-connections", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          short_name: "stub",
          readable_collection_id: c.readable_id,
          config,
          sync_immediately: false,
        }),
      }),
    )
    .then((r) => r.json() as Promise<{ id: string }>)
    .then((c) => api(`/source-connections/${c.id}/run`, { method: "POST" }))
    .then((r) => r.json() as Promise<{ id: string }>)
    .then((job) => (jobId = job.id));
  return jobId;
}
let jobId = "";

describe(`GET /v1/sync/job/{id}/subscribe (${testBackend})`, () => {
  it("streams connected, progress frames with rising ids and counts, heartbeats, then the final state and closes", async () => {
    const id = await startStubRun({ entity_count: 2500, seed: 4, generation_delay_ms: 1 });
    const response = await api(`/sync/job/${id}/subscribe`, { headers: { accept: "text/event-stream" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(response.headers.get("x-accel-buffering")).toBe("no");

    const { frames, closedByServer } = await readFrames(response, { timeoutMs: 60_000 });
    expect(closedByServer).toBe(true);
    expect(frames[0]).toMatchObject({ id: undefined, data: { type: "connected", job_id: id } });
    const progress = frames.filter((f) => f.data.type === "progress");
    expect(progress.length).toBeGreaterThanOrEqual(3);
    const ids = progress.map((f) => Number(f.id));
    expect(ids.every((n) => Number.isInteger(n))).toBe(true);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    const inserted = progress.map((f) => f.data.entities_inserted as number);
    expect(inserted).toEqual([...inserted].sort((a, b) => a - b));
    expect(progress.some((f) => f.data.status === PUBLIC_STATUS.RUNNING)).toBe(true);
    const last = frames.at(-1);
    expect(last?.data).toMatchObject({
      type: "progress",
      job_id: id,
      status: PUBLIC_STATUS.COMPLETED,
      entities_inserted: 2500,
      entities_failed: 0,
    });
    expect(Object.keys(last?.data.entities_encountered as object).length).toBeGreaterThan(1);
    expect(frames.filter((f) => f.data.type === "heartbeat").every((f) => f.id === undefined)).toBe(true);
  });

  it("sends heartbeats during silence (WEFT_SSE_HEARTBEAT_MS=300 in tests)", async () => {
    const id = await startStubRun({ entity_count: 5, seed: 1, generation_delay_ms: 900 });
    const abort = new AbortController();
    const response = await api(`/sync/job/${id}/subscribe`, { signal: abort.signal });
    const { frames } = await readFrames(response, {
      until: (f) => f.filter((x) => x.data.type === "heartbeat").length >= 2,
      timeoutMs: 10_000,
      abort,
    });
    expect(frames.filter((f) => f.data.type === "heartbeat").length).toBeGreaterThanOrEqual(2);
    await waitForJob(server.engine.db.prisma, id, [JOB.COMPLETED]);
  });

  it("resumes after Last-Event-ID with no event lost or repeated", async () => {
    const id = await startStubRun({ entity_count: 2000, seed: 5, generation_delay_ms: 1 });
    const abort = new AbortController();
    const first = await readFrames(await api(`/sync/job/${id}/subscribe`, { signal: abort.signal }), {
      until: (f) => f.filter((x) => x.id).length >= 3,
      abort,
    });
    const seen = first.frames.filter((f) => f.id).map((f) => Number(f.id));
    const lastId = seen.at(-1) ?? 0;
    const second = await readFrames(
      await api(`/sync/job/${id}/subscribe`, { headers: { "last-event-id": String(lastId) } }),
      { timeoutMs: 60_000 },
    );
    expect(second.frames[0]?.data.type).toBe("connected");
    const resumed = second.frames.filter((f) => f.id).map((f) => Number(f.id));
    expect(resumed[0]).toBe(lastId + 1);
    const logged = await server.engine.db.prisma.syncJobEvent.findMany({
      where: { jobId: id },
      orderBy: { seq: "asc" },
      select: { seq: true },
    });
    expect(resumed).toEqual(logged.map((e) => e.seq).filter((s) => s > lastId));
  });

  it("gives a late subscriber the final state at once, and 404/422 before streaming", async () => {
    const id = await startStubRun({ entity_count: 50, seed: 6 });
    await waitForJob(server.engine.db.prisma, id, [JOB.COMPLETED]);
    // The server ends the stream by itself after the final state (closedByServer), not the reader's timeout.
    const { frames, closedByServer } = await readFrames(await api(`/sync/job/${id}/subscribe`), { timeoutMs: 5000 });
    expect(closedByServer).toBe(true);
    expect(frames.map((f) => f.data.type)).toEqual(["connected", "progress"]);
    expect(frames[1]?.data).toMatchObject({ status: PUBLIC_STATUS.COMPLETED, entities_inserted: 50 });

    const unknown = await api("/sync/job/00000000-0000-0000-0000-000000000000/subscribe");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ detail: "Sync job not found: 00000000-0000-0000-0000-000000000000" });
    expect((await api("/sync/job/not-a-uuid/subscribe")).status).toBe(422);
    const otherKey = await server.keyFor("sse-other-org");
    const foreign = await fetch(`${server.url}/sync/job/${id}/subscribe`, { headers: { "x-api-key": otherKey } });
    expect(foreign.status).toBe(404);
    expect((await fetch(`${server.url}/sync/job/${id}/subscribe`)).status).toBe(401);
  });

  it("stops the server's work when the client goes away (no listener left behind)", async () => {
    const id = await startStubRun({ entity_count: 3000, seed: 7, generation_delay_ms: 1 });
    const before = server.engine.bus.listenerCount();
    for (let i = 0; i < 20; i++) {
      const abort = new AbortController();
      await readFrames(await api(`/sync/job/${id}/subscribe`, { signal: abort.signal }), {
        until: (f) => f.length >= 1,
        abort,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.engine.bus.listenerCount()).toBeLessThanOrEqual(before + 1);
    await waitForJob(server.engine.db.prisma, id, [JOB.COMPLETED]);
  });
});
