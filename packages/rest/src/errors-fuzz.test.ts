// CONTRACT.md "Errors" under pressure: one job for ten simultaneous runs (enforced by the database), and odd inputs
// everywhere a client can put them: never a 500, and nothing already stored is lost or changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { clientFor, createCollection, createConnection, run, waitFor, type Client } from "./testing/http";
import { startRestServer, type RestServer } from "./testing/serve";
import { JOB } from "@weft/job-model";

let server: RestServer;
let api: Client;
let collection: string;
beforeAll(async () => {
  server = await startRestServer("errors-fuzz");
  api = clientFor(server, await server.keyFor("fuzz-org"));
  collection = (await createCollection(api, "Fuzz collection")).readable_id;
});
afterAll(() => server.close());

const odd: unknown[] = [
  null,
  true,
  0,
  -1,
  -1e308,
  1e308,
  1.5,
  Number.MAX_SAFE_INTEGER,
  "",
  " ",
  "a".repeat(200_000),
  "ü🙂\u202e\u200b名前",
  "\ud800 lone surrogate",
  "nul\u0000byte",
  "123",
  "-1",
  "1e309",
  "NaN",
  "true",
  "null",
  "'; DROP TABLE collection; --",
  "../../etc/passwd",
  "%00%ff%E0%A4%A",
  "<script>alert(1)</script>",
  [],
  [null, 1, "a", {}],
  {},
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
  { $gt: "" },
  JSON.parse(`{"a":${"[".repeat(3000)}${"]".repeat(3000)}}`),
];

/** The value as a URL component (an unpaired surrogate cannot be %-encoded: it is sent as U+FFFD instead). */
function component(value: unknown): string {
  const text = (typeof value === "string" ? value : JSON.stringify(value)).slice(0, 4000);
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, "\ufffd"));
  }
}

describe(`errors under pressure (${testBackend})`, () => {
  it("10 simultaneous POST /run on an idle connection → exactly one 200, nine 409 and one job row", async () => {
    const connection = await createConnection(api, collection, {
      entity_count: 100_000,
      seed: 1,
      generation_delay_ms: 2,
    });
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => api("POST", `/source-connections/${connection.id}/run`)),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([200, ...Array<number>(9).fill(409)]);
      for (const conflict of answers.filter((a) => a.status === 409))
        expect(conflict.body.detail).toBe("A sync is already running for this connection");
      const started = answers.find((a) => a.status === 200)?.body;
      expect(started.status).toBe(JOB.PENDING);
      const jobs = await server.engine.db.prisma.syncJob.findMany({
        where: { sourceConnectionId: connection.id },
        select: { id: true },
      });
      expect(jobs).toHaveLength(round + 1);
      expect(jobs.map((j) => j.id)).toContain(started.id);
      expect((await api("POST", `/source-connections/${connection.id}/jobs/${started.id}/cancel`)).status).toBe(200);
      await waitFor(server, started.id, [JOB.CANCELLED]);
    }
  });

  it("odd inputs to every create, patch, path and query parameter never get a 500, and stored data survives", async () => {
    const sentinelCollection = await createCollection(api, "Sentinel collection");
    const sentinel = await createConnection(api, sentinelCollection.readable_id, { entity_count: 40, seed: 8 });
    const sentinelJob = await run(api, sentinel.id);
    await waitFor(server, sentinelJob.id, [JOB.COMPLETED]);
    const target = await createConnection(api, collection, { entity_count: 3, seed: 3 });
    const snapshot = async () => ({
      collection: (await api("GET", `/collections/${sentinelCollection.readable_id}`)).body,
      connection: (await api("GET", `/source-connections/${sentinel.id}`)).body,
      jobs: (await api("GET", `/source-connections/${sentinel.id}/jobs`)).body,
      job: (await api("GET", `/sync/jobs/${sentinelJob.id}`)).body,
      entities: await server.engine.db.prisma.entity.count({
        where: { syncId: (await api("GET", `/source-connections/${sentinel.id}`)).body.sync_id },
      }),
    });
    const before = await snapshot();
    const collectionsBefore = ((await api("GET", "/collections?limit=1000")).body as { id: string }[]).map((c) => c.id);
    expect(before.entities).toBe(40);

    const base = { short_name: "stub", readable_collection_id: collection, sync_immediately: false };
    const bodies: [string, string, (v: unknown) => unknown][] = [
      ["POST", "/collections", (v) => v],
      ["POST", "/collections", (v) => ({ name: v })],
      ["POST", "/collections", (v) => ({ name: "Fuzzed name", readable_id: v })],
      ["PATCH", `/collections/${collection}`, (v) => v],
      ["PATCH", `/collections/${collection}`, (v) => ({ name: v })],
      ["POST", "/source-connections", (v) => v],
      ["POST", "/source-connections", (v) => ({ ...base, short_name: v })],
      ["POST", "/source-connections", (v) => ({ ...base, readable_collection_id: v })],
      ["POST", "/source-connections", (v) => ({ ...base, name: v, description: v })],
      ["POST", "/source-connections", (v) => ({ ...base, config: v })],
      ["POST", "/source-connections", (v) => ({ ...base, config: { entity_count: v, seed: v, fail_after: v } })],
      ["POST", "/source-connections", (v) => ({ ...base, short_name: "exception_stub", config: { error_message: v } })],
      ["POST", "/source-connections", (v) => ({ ...base, schedule: v })],
      ["POST", "/source-connections", (v) => ({ ...base, schedule: { cron: v } })],
      ["POST", "/source-connections", (v) => ({ ...base, authentication: v })],
      ["POST", "/source-connections", (v) => ({ ...base, authentication: { credentials: v } })],
      ["POST", "/source-connections", (v) => ({ ...base, sync_immediately: v })],
      ["PATCH", `/source-connections/${target.id}`, (v) => v],
      ["PATCH", `/source-connections/${target.id}`, (v) => ({ name: v, description: v })],
      ["PATCH", `/source-connections/${target.id}`, (v) => ({ config: v })],
      ["PATCH", `/source-connections/${target.id}`, (v) => ({ config: { entity_count: v } })],
      ["PATCH", `/source-connections/${target.id}`, (v) => ({ schedule: v })],
      ["PATCH", `/source-connections/${target.id}`, (v) => ({ schedule: { cron: v } })],
    ];
    const urls: [string, (v: string) => string][] = [
      ["GET", (v) => `/collections/${v}`],
      ["DELETE", (v) => `/collections/${v}`],
      ["GET", (v) => `/source-connections/${v}`],
      ["DELETE", (v) => `/source-connections/${v}`],
      ["POST", (v) => `/source-connections/${v}/run`],
      ["GET", (v) => `/sync/jobs/${v}`],
      ["GET", (v) => `/sources/${v}`],
      ["POST", (v) => `/source-connections/${target.id}/jobs/${v}/cancel`],
      ["GET", (v) => `/collections?skip=${v}&limit=${v}`],
      ["GET", (v) => `/source-connections?collection=${v}&skip=${v}`],
      ["GET", (v) => `/source-connections/${target.id}/jobs?limit=${v}&status=${v}`],
    ];

    const failures: string[] = [];
    const check = async (method: string, path: string, options: { body?: unknown; raw?: string }) => {
      const answer = await api(method, path, options);
      if (answer.status >= 500)
        failures.push(
          `${answer.status} ${method} ${path.slice(0, 80)} ${(options.raw ?? JSON.stringify(options.body) ?? "").slice(0, 120)}`,
        );
    };
    for (const value of odd) {
      for (const [method, path, body] of bodies) await check(method, path, { raw: JSON.stringify(body(value)) });
      for (const [method, url] of urls) await check(method, url(component(value)), {});
      await check("POST", `/source-connections/${target.id}/run?force_full_sync=${component(value)}`, {});
    }
    for (const path of [
      "/collections/%E0%A4%A",
      "/collections/%ff",
      "/collections/abc%",
      "/sync/jobs/%ED%A0%80",
      "/sources/%",
      "/source-connections?collection=%ff&limit=%",
    ]) {
      await check("GET", path, {});
    }
    for (const raw of [
      "{",
      "}",
      "[",
      "nul",
      '{"name": "x"}}',
      "\u0000",
      "\ufeff{}",
      '{"name":"Good name","name":"Dup key"}',
      "1".repeat(10_000),
    ]) {
      await check("POST", "/collections", { raw });
      await check("PATCH", `/source-connections/${target.id}`, { raw });
    }
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const after = await snapshot();
    expect(after).toEqual(before);
    const collectionsAfter = ((await api("GET", "/collections?limit=1000")).body as { id: string }[]).map((c) => c.id);
    expect(collectionsAfter).toEqual(expect.arrayContaining(collectionsBefore));
    expect((await api("GET", `/collections/${collection}`)).status).toBe(200);
    expect((await api("GET", `/source-connections/${target.id}`)).status).toBe(200);
    const active = await server.engine.db.prisma.syncJob.findMany({
      where: { status: { in: [JOB.PENDING, JOB.RUNNING, JOB.CANCELLING] } },
      select: { id: true },
    });
    for (const job of active) await waitFor(server, job.id, [JOB.COMPLETED, JOB.FAILED, JOB.CANCELLED]);
  });
});
