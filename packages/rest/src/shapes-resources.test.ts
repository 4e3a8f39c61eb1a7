// Resource shapes over real HTTP against CONTRACT.md "Resource shapes": collections, source connections (detail and
// list item), sources; and every /v1 path answering with a trailing slash as well.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { clientFor, createCollection, createConnection, run, uniqueId, waitFor, type Client } from "./testing/http";
import { startRestServer, type RestServer } from "./testing/serve";
import {
  collectionShape,
  configFieldShape,
  scheduleShape,
  shapeProblems,
  sourceConnectionJobShape,
  sourceConnectionListItemShape,
  sourceConnectionShape,
  sourceShape,
  syncDetailsShape,
  type Shape,
} from "./testing/shape";
import { JOB } from "@weft/job-model";

let server: RestServer;
let api: Client;
beforeAll(async () => {
  server = await startRestServer("shapes-resources");
  api = clientFor(server, await server.keyFor("shapes-resources-org"));
});
afterAll(() => server.close());

async function ok(method: string, path: string, shape: Shape, body?: unknown) {
  const answer = await api(method, path, { body });
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBe(200);
  expect(shapeProblems(answer.body, shape)).toEqual([]);
  return answer.body;
}

describe(`resource shapes (${testBackend})`, () => {
  it("collections: create, list, get, patch, delete; NEEDS SOURCE → ACTIVE with source_connection_summaries", async () => {
    const readableId = uniqueId("shape-col");
    const created = await ok("POST", "/collections", collectionShape, {
      name: "Shape collection",
      readable_id: readableId,
    });
    expect(created).toMatchObject({
      name: "Shape collection",
      readable_id: readableId,
      status: "NEEDS SOURCE",
      source_connection_summaries: [],
      created_by_email: null,
    });
    const generated = await ok("POST", "/collections", collectionShape, { name: "My Fine Collection!" });
    expect(generated.readable_id).toMatch(/^my-fine-collection-[a-z0-9]{6}$/);

    const list = await api("GET", "/collections");
    expect(list.status).toBe(200);
    for (const item of list.body) expect(shapeProblems(item, collectionShape)).toEqual([]);
    expect(list.body.map((c: { readable_id: string }) => c.readable_id)).toEqual(
      expect.arrayContaining([readableId, generated.readable_id]),
    );
    expect((await api("GET", "/collections?skip=0&limit=1")).body).toHaveLength(1);

    await createConnection(api, readableId, { entity_count: 3 });
    const active = await ok("GET", `/collections/${readableId}`, collectionShape);
    expect(active).toMatchObject({
      id: created.id,
      status: "ACTIVE",
      source_connection_summaries: [{ short_name: "stub", name: "Stub connection" }],
    });
    expect(Object.keys(active.source_connection_summaries[0]).sort()).toEqual(["name", "short_name"]);

    const renamed = await ok("PATCH", `/collections/${readableId}`, collectionShape, { name: "Renamed collection" });
    expect(renamed).toMatchObject({ id: created.id, name: "Renamed collection", readable_id: readableId });
    expect(Date.parse(renamed.modified_at)).toBeGreaterThanOrEqual(Date.parse(created.modified_at));

    const deleted = await ok("DELETE", `/collections/${readableId}`, collectionShape);
    expect(deleted).toMatchObject({ id: created.id, readable_id: readableId });
    expect((await api("GET", `/collections/${readableId}`)).status).toBe(404);
    expect((await api("GET", `/source-connections?collection=${readableId}`)).body).toEqual([]);
  });

  it("source connections: create runs at once by default (sync.last_job PENDING); get, list items, patch, delete", async () => {
    const { readable_id: collection } = await createCollection(api, "Connections");
    const created = await ok("POST", "/source-connections", sourceConnectionShape, {
      name: "Shape stub",
      short_name: "stub",
      readable_collection_id: collection,
      config: { entity_count: 30, seed: 9 },
    });
    expect(created).toMatchObject({
      name: "Shape stub",
      short_name: "stub",
      readable_collection_id: collection,
      description: null,
      status: "active",
      schedule: null,
    });
    expect(created.config).toMatchObject({ entity_count: 30, seed: 9 });
    expect(created.auth).toEqual({ method: "direct", authenticated: true });
    expect(shapeProblems(created.sync, syncDetailsShape)).toEqual([]);
    expect(shapeProblems(created.sync.last_job, sourceConnectionJobShape)).toEqual([]);
    expect(created.sync.last_job).toMatchObject({
      status: JOB.PENDING,
      source_connection_id: created.id,
      started_at: null,
    });
    expect(created.entities).toEqual({ total_entities: 0, by_type: {} });
    await waitFor(server, created.sync.last_job.id, [JOB.COMPLETED]);

    const got = await ok("GET", `/source-connections/${created.id}`, sourceConnectionShape);
    expect(got.sync).toMatchObject({
      total_runs: 1,
      successful_runs: 1,
      failed_runs: 0,
      last_job: { id: created.sync.last_job.id, status: JOB.COMPLETED },
    });
    expect(got.entities.total_entities).toBe(30);
    for (const stats of Object.values(got.entities.by_type as Record<string, unknown>))
      expect(shapeProblems(stats, { count: "integer", last_updated: ["timestamp", "null"] })).toEqual([]);

    const list = await api("GET", `/source-connections?collection=${collection}`);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(shapeProblems(list.body[0], sourceConnectionListItemShape)).toEqual([]);
    expect(list.body[0]).toMatchObject({
      id: created.id,
      is_authenticated: true,
      entity_count: 30,
      auth_method: "direct",
      status: "active",
    });
    expect((await api("GET", "/source-connections?skip=0&limit=1")).body).toHaveLength(1);

    const patched = await ok("PATCH", `/source-connections/${created.id}`, sourceConnectionShape, {
      name: "Renamed stub",
      description: "described",
      schedule: { cron: "*/5 * * * *" },
    });
    expect(patched).toMatchObject({ name: "Renamed stub", description: "described" });
    expect(shapeProblems(patched.schedule, scheduleShape)).toEqual([]);
    expect(patched.schedule).toMatchObject({ cron: "*/5 * * * *", continuous: false });
    expect(patched.schedule.next_run).toMatch(/Z$/);
    const cleared = await ok("PATCH", `/source-connections/${created.id}`, sourceConnectionShape, {
      schedule: { cron: null },
    });
    expect(cleared.schedule).toBeNull();

    const deleted = await ok("DELETE", `/source-connections/${created.id}`, sourceConnectionShape);
    expect(deleted.id).toBe(created.id);
    expect(await api("GET", `/source-connections/${created.id}`)).toMatchObject({
      status: 404,
      body: { detail: `Source connection not found: ${created.id}` },
    });
  });

  it("a continuous source shows its schedule; secrets are never returned", async () => {
    const { readable_id: collection } = await createCollection(api, "Secrets");
    const body = {
      short_name: "postgresql",
      readable_collection_id: collection,
      config: { host: "db.example.com", database: "db", user: "reader", cursor_columns: { orders: "updated_at" } },
      authentication: { credentials: { password: "hunter2" } },
      sync_immediately: false,
    };
    const created = await ok("POST", "/source-connections", sourceConnectionShape, body);
    expect(JSON.stringify(created)).not.toContain("hunter2");
    expect(created.config).not.toHaveProperty("password");
    expect(shapeProblems(created.schedule, scheduleShape)).toEqual([]);
    // The column the cursor tracks, not the first key of the stored cursor object.
    expect(created.schedule).toMatchObject({ cron: null, continuous: true, cursor_field: "updated_at" });
    expect(created.sync).toMatchObject({ total_runs: 0, last_job: null });
    expect(JSON.stringify((await api("GET", `/source-connections/${created.id}`)).body)).not.toContain("hunter2");
  });

  it("sources: every item with the documented keys; stub's config fields; unknown → 404", async () => {
    const list = await api("GET", "/sources");
    expect(list.status).toBe(200);
    for (const source of list.body) {
      expect(shapeProblems(source, sourceShape)).toEqual([]);
      expect(source.auth_methods).toEqual(["direct"]);
      expect(source.labels).toEqual([]);
      for (const field of source.config_fields.fields)
        expect(shapeProblems(field, configFieldShape, "at-least")).toEqual([]);
    }
    expect(list.body.map((s: { short_name: string }) => s.short_name)).toEqual(
      expect.arrayContaining(["stub", "incremental_stub", "exception_stub"]),
    );
    const stub = await ok("GET", "/sources/stub", sourceShape);
    expect(stub).toMatchObject({ short_name: "stub", name: "Stub", supports_continuous: false, auth_fields: null });
    expect(stub.output_entity_definitions.length).toBeGreaterThan(1);
    expect(stub.config_fields.fields.map((f: { name: string }) => f.name)).toEqual([
      "entity_count",
      "seed",
      "generation_delay_ms",
      "fail_after",
    ]);
    expect(stub.config_fields.fields[0]).toMatchObject({
      name: "entity_count",
      type: "integer",
      required: false,
      is_secret: false,
      enum_values: null,
    });
    const postgres = await ok("GET", "/sources/postgresql", sourceShape);
    expect(postgres.supports_continuous).toBe(true);
    expect(postgres.auth_fields.fields.map((f: { name: string }) => f.name)).toEqual(["password"]);
    expect(await api("GET", "/sources/nope")).toMatchObject({
      status: 404,
      body: { detail: "Source not found: nope" },
    });
  });

  it("every path answers with a trailing slash too", async () => {
    const collection = (
      await api("POST", "/collections/", { body: { name: "Slash collection", readable_id: uniqueId("slash") } })
    ).body.readable_id as string;
    expect(collection).toBeTruthy();
    const created = await api("POST", "/source-connections/", {
      body: {
        short_name: "stub",
        readable_collection_id: collection,
        config: { entity_count: 5 },
        sync_immediately: false,
      },
    });
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    const job = (await api("POST", `/source-connections/${id}/run/`)).body;
    expect(job.status).toBe(JOB.PENDING);
    await waitFor(server, job.id, [JOB.COMPLETED]);
    const paths: [string, string, unknown?][] = [
      ["GET", "/collections/"],
      ["GET", `/collections/${collection}/`],
      ["PATCH", `/collections/${collection}/`, { name: "Slash renamed" }],
      ["GET", "/source-connections/"],
      ["GET", `/source-connections/${id}/`],
      [
        "PATCH",
        `/source-connections/${id}/`,
        { name: "Slash stub", config: { entity_count: 100_000, generation_delay_ms: 2 } },
      ],
      ["GET", `/source-connections/${id}/jobs/`],
      ["GET", `/sync/jobs/${job.id}/`],
      ["GET", `/sync/job/${job.id}/subscribe/`],
      ["GET", "/sources/"],
      ["GET", "/sources/stub/"],
    ];
    for (const [method, path, body] of paths)
      expect(`${method} ${path} ${(await api(method, path, { body })).status}`).toBe(`${method} ${path} 200`);
    const second = await run(api, id);
    const cancel = await api("POST", `/source-connections/${id}/jobs/${second.id}/cancel/`);
    expect(cancel.status).toBe(200);
    await waitFor(server, second.id, [JOB.CANCELLED]);
    expect((await api("DELETE", `/source-connections/${id}/`)).status).toBe(200);
    expect((await api("DELETE", `/collections/${collection}/`)).status).toBe(200);
  });
});
