// Errors exactly as CONTRACT.md "Errors" and "Authentication", over real HTTP: `{ detail }` bodies for 401/404/405/
// 409, FastAPI-style 422 lists naming the field, other organizations' ids answered 404 (never 403).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import {
  clientFor,
  createCollection,
  createConnection,
  run,
  uniqueId,
  waitFor,
  type Answer,
  type Client,
} from "./testing/http";
import { startRestServer, type RestServer } from "./testing/serve";
import { JOB } from "@weft/job-model";

const ZERO = "00000000-0000-0000-0000-000000000000";
const ALREADY_RUNNING = "A sync is already running for this connection";

let server: RestServer;
let api: Client;
let collection: string;
let idle: { id: string };
let finishedJob: string;
beforeAll(async () => {
  server = await startRestServer("errors");
  api = clientFor(server, await server.keyFor("errors-org"));
  collection = (await createCollection(api, "Error collection")).readable_id;
  idle = await createConnection(api, collection, { entity_count: 5, seed: 1 });
  finishedJob = (await run(api, idle.id)).id;
  await waitFor(server, finishedJob, [JOB.COMPLETED]);
});
afterAll(() => server.close());

function expectDetail(answer: Answer, status: number, message?: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get("content-type")).toContain("application/json");
  expect(Object.keys(answer.body)).toEqual(["detail"]);
  expect(answer.body.detail).toEqual(message ?? expect.any(String));
}

/** 422 with `detail: [{ loc, msg, type }]`, one of whose locs is `loc`. */
function expect422(answer: Answer, loc: (string | number)[]) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(422);
  expect(Object.keys(answer.body)).toEqual(["detail"]);
  expect(answer.body.detail.length).toBeGreaterThan(0);
  for (const issue of answer.body.detail) {
    expect(Object.keys(issue).sort()).toEqual(["loc", "msg", "type"]);
    expect(issue).toEqual({ loc: expect.any(Array), msg: expect.any(String), type: expect.any(String) });
  }
  expect(answer.body.detail.map((issue: { loc: unknown }) => issue.loc)).toContainEqual(loc);
}

describe(`errors (${testBackend})`, () => {
  it("401 { detail } without a key or with a wrong one; x-api-key and Authorization: Bearer both accepted", async () => {
    for (const path of ["/collections", `/sync/jobs/${ZERO}`, `/source-connections/${idle.id}/jobs`, "/sources"]) {
      expectDetail(await api("GET", path, { key: null }), 401);
      expectDetail(await api("GET", path, { key: "wrong-key" }), 401);
      expectDetail(await api("GET", path, { key: null, headers: { authorization: "Bearer wrong-key" } }), 401);
      expectDetail(await api("GET", path, { key: null, headers: { authorization: "Bearer " } }), 401);
    }
    expectDetail(await api("POST", `/source-connections/${idle.id}/run`, { key: null }), 401);
    expect(
      (await api("GET", "/collections", { key: null, headers: { authorization: `Bearer ${api.key}` } })).status,
    ).toBe(200);
    expect((await api("GET", "/collections")).status).toBe(200);
  });

  it("malformed UUID → 422 naming the path parameter; the all-zero UUID → 404", async () => {
    const bad = await api("GET", "/sync/jobs/not-a-uuid");
    expect422(bad, ["path", "job_id"]);
    expect(bad.body.detail).toHaveLength(1);
    expect422(await api("GET", "/source-connections/123/jobs"), ["path", "id"]);
    expect422(await api("POST", "/source-connections/zzz/run"), ["path", "id"]);
    expect422(await api("POST", `/source-connections/${idle.id}/jobs/nope/cancel`), ["path", "job_id"]);
    expect422(await api("GET", "/sync/job/nope/subscribe"), ["path", "job_id"]);
    expectDetail(await api("GET", `/sync/jobs/${ZERO}`), 404, `Sync job not found: ${ZERO}`);
    expectDetail(await api("GET", `/source-connections/${ZERO}`), 404);
    expectDetail(await api("GET", `/source-connections/${ZERO}/jobs`), 404);
    expectDetail(await api("POST", `/source-connections/${ZERO}/run`), 404);
    expectDetail(await api("POST", `/source-connections/${idle.id}/jobs/${ZERO}/cancel`), 404);
    expectDetail(await api("GET", "/sync/jobs/6ba7b810-9dad-11d1-80b4-00c04fd430c8"), 404); // a v1 UUID
    expectDetail(await api("GET", "/collections/no-such-collection"), 404, "Collection not found: no-such-collection");
  });

  it("limit outside 1..1000 and skip < 0 → 422 naming the query parameter", async () => {
    for (const path of [`/source-connections/${idle.id}/jobs`, "/collections", "/source-connections"]) {
      expect422(await api("GET", `${path}?limit=0`), ["query", "limit"]);
      expect422(await api("GET", `${path}?limit=1001`), ["query", "limit"]);
      expect422(await api("GET", `${path}?limit=ten`), ["query", "limit"]);
    }
    expect422(await api("GET", "/collections?skip=-1"), ["query", "skip"]);
    expect422(await api("POST", `/source-connections/${idle.id}/run?force_full_sync=perhaps`), [
      "query",
      "force_full_sync",
    ]);
    expect((await api("GET", `/source-connections/${idle.id}/jobs?limit=1000`)).status).toBe(200);
  });

  it("invalid JSON and bad bodies → 422 naming the field; PATCH {} → 422", async () => {
    expect422(await api("POST", "/collections", { raw: '{"name": "Broken",' }), ["body"]);
    expect422(await api("POST", "/collections", { raw: "[]" }), ["body"]);
    expect422(await api("POST", "/collections"), ["body"]);
    expect422(await api("POST", "/collections", { body: {} }), ["body", "name"]);
    expect422(await api("POST", "/collections", { body: { name: "abc" } }), ["body", "name"]);
    expect422(await api("POST", "/collections", { body: { name: "x".repeat(65) } }), ["body", "name"]);
    expect422(await api("POST", "/collections", { body: { name: 1234 } }), ["body", "name"]);
    for (const readableId of ["Bad_ID", "trailing-", "a--b", "ab", "UPPER"])
      expect422(await api("POST", "/collections", { body: { name: "Good name", readable_id: readableId } }), [
        "body",
        "readable_id",
      ]);
    expect422(await api("PATCH", `/collections/${collection}`, { body: {} }), ["body", "name"]);

    const base = { short_name: "stub", readable_collection_id: collection, sync_immediately: false };
    expect422(await api("POST", "/source-connections", { body: { readable_collection_id: collection } }), [
      "body",
      "short_name",
    ]);
    expect422(await api("POST", "/source-connections", { body: { ...base, short_name: "no_such_source" } }), [
      "body",
      "short_name",
    ]);
    expect422(await api("POST", "/source-connections", { body: { ...base, config: "entity_count=5" } }), [
      "body",
      "config",
    ]);
    expect422(await api("POST", "/source-connections", { body: { ...base, config: [1] } }), ["body", "config"]);
    expect422(await api("POST", "/source-connections", { body: { ...base, config: { entity_count: "many" } } }), [
      "body",
      "config",
      "entity_count",
    ]);
    expect422(await api("POST", "/source-connections", { body: { ...base, config: { generation_delay_ms: -1 } } }), [
      "body",
      "config",
      "generation_delay_ms",
    ]);
    for (const cron of ["every minute", "* * * *", "61 * * * *", "* * * * * *"])
      expect422(await api("POST", "/source-connections", { body: { ...base, schedule: { cron } } }), [
        "body",
        "schedule",
        "cron",
      ]);
    expect422(await api("POST", "/source-connections", { body: { ...base, sync_immediately: "yes" } }), [
      "body",
      "sync_immediately",
    ]);
    expectDetail(
      await api("POST", "/source-connections", { body: { ...base, readable_collection_id: "no-such-collection" } }),
      404,
    );

    expect422(await api("PATCH", `/source-connections/${idle.id}`, { body: {} }), ["body"]);
    expect422(await api("PATCH", `/source-connections/${idle.id}`, { body: { schedule: { cron: "bad" } } }), [
      "body",
      "schedule",
      "cron",
    ]);
    expect422(await api("PATCH", `/source-connections/${idle.id}`, { body: { config: { seed: 1.5 } } }), [
      "body",
      "config",
      "seed",
    ]);
    expect422(await api("PATCH", `/source-connections/${idle.id}`, { raw: "{" }), ["body"]);
    expect((await api("GET", `/source-connections/${idle.id}`)).body.config).toMatchObject({
      entity_count: 5,
      seed: 1,
    });
  });

  it("what the database cannot store (NUL, unpaired surrogates) → 422 naming the field; a malformed %-escape → 404", async () => {
    const base = { short_name: "exception_stub", readable_collection_id: collection, sync_immediately: false };
    expect422(await api("POST", "/collections", { body: { name: "nul\u0000name" } }), ["body", "name"]);
    expect422(await api("PATCH", `/source-connections/${idle.id}`, { body: { description: "a\u0000b" } }), [
      "body",
      "description",
    ]);
    expect422(
      await api("POST", "/source-connections", { body: { ...base, config: { error_message: "half \ud800 pair" } } }),
      ["body", "config", "error_message"],
    );
    expect422(
      await api("POST", "/source-connections", {
        body: { ...base, authentication: { credentials: { "k\u0000": "v" } } },
      }),
      ["body", "authentication", "credentials", "k\u0000"],
    );
    expect422(await api("GET", "/collections/a%00b"), ["path", "readable_id"]);
    expect422(await api("GET", "/source-connections?collection=%00"), ["query", "collection"]);
    expectDetail(await api("GET", "/collections/bad%E0%A4%A"), 404, "Collection not found: bad%E0%A4%A");
    expect422(await api("GET", "/sync/jobs/%ff"), ["path", "job_id"]);
    expect((await api("POST", "/collections", { body: { name: "Emoji 🙂 名前 ok" } })).status).toBe(200);
  });

  it("409: duplicate readable_id, run while active, cancel of an ended job; cancel with another connection's job → 404", async () => {
    const readableId = uniqueId("dup");
    expect((await api("POST", "/collections", { body: { name: "First one", readable_id: readableId } })).status).toBe(
      200,
    );
    expectDetail(await api("POST", "/collections", { body: { name: "Second one", readable_id: readableId } }), 409);

    const slow = await createConnection(api, collection, { entity_count: 100_000, seed: 2, generation_delay_ms: 2 });
    const job = await run(api, slow.id);
    const again = await api("POST", `/source-connections/${slow.id}/run`);
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe(ALREADY_RUNNING);
    expectDetail(await api("POST", `/source-connections/${idle.id}/jobs/${job.id}/cancel`), 404);
    expect((await api("POST", `/source-connections/${slow.id}/jobs/${job.id}/cancel`)).status).toBe(200);
    await waitFor(server, job.id, [JOB.CANCELLED]);
    expectDetail(await api("POST", `/source-connections/${slow.id}/jobs/${job.id}/cancel`), 409);
    expectDetail(await api("POST", `/source-connections/${idle.id}/jobs/${finishedJob}/cancel`), 409);
  });

  it("another organization's collection, connection and job → 404 (never 403), and nothing of theirs changes", async () => {
    const other = clientFor(server, await server.keyFor("errors-other-org"));
    const path = `/source-connections/${idle.id}`;
    const attempts: [string, string, unknown?][] = [
      ["GET", `/collections/${collection}`],
      ["PATCH", `/collections/${collection}`, { name: "Hijacked" }],
      ["DELETE", `/collections/${collection}`],
      ["GET", path],
      ["PATCH", path, { name: "Hijacked" }],
      ["DELETE", path],
      ["POST", `${path}/run`],
      ["GET", `${path}/jobs`],
      ["POST", `${path}/jobs/${finishedJob}/cancel`],
      ["GET", `/sync/jobs/${finishedJob}`],
      ["GET", `/sync/job/${finishedJob}/subscribe`],
      [
        "POST",
        "/source-connections",
        { short_name: "stub", readable_collection_id: collection, sync_immediately: false },
      ],
    ];
    for (const [method, target, body] of attempts) {
      const answer = await other(method, target, { body });
      expect(`${method} ${target} → ${answer.status}`).toBe(`${method} ${target} → 404`);
      expectDetail(answer, 404);
    }
    expect((await other("GET", "/collections")).body).toEqual([]);
    expect((await other("GET", "/source-connections")).body).toEqual([]);
    expect((await api("GET", `/collections/${collection}`)).body.name).toBe("Error collection");
    expect((await api("GET", path)).body).toMatchObject({ name: "Stub connection", sync: { total_runs: 1 } });
  });

  it("unknown path → 404, wrong method → 405, both { detail }", async () => {
    for (const path of ["/nope", "/collections/x/y/z", "/sync/jobs", "/source-connections/x/jobs/y"])
      expectDetail(await api("GET", path), 404);
    expectDetail(
      await fetch(`${server.url.replace(/\/v1$/, "")}/v2/collections`).then(async (r) => ({
        status: r.status,
        body: await r.json(),
        headers: r.headers,
      })),
      404,
    );
    expectDetail(await api("PUT", "/collections"), 405);
    expectDetail(await api("DELETE", "/sources"), 405);
    expectDetail(await api("GET", `/source-connections/${idle.id}/run`), 405);
    expectDetail(await api("POST", `/sync/jobs/${finishedJob}`), 405);
  });
});
