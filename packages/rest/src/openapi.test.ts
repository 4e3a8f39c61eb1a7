// GET /v1/openapi.json: public (served before authentication), accepted as OpenAPI 3.1 by a maintained validator,
// every route of the table with its method, 200 and documented errors, request schemas requiring the right fields;
// and real answers of the server validate against the response schemas it publishes.
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { routes } from "./routes/index";
import { clientFor, createCollection, createConnection, run, waitFor, type Client } from "./testing/http";
import { startRestServer, type RestServer } from "./testing/serve";
import { JOB } from "@weft/job-model";

type Operation = {
  operationId: string;
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: {
    required: boolean;
    content: { "application/json": { schema: { required?: string[]; properties: Record<string, unknown> } } };
  };
  responses: Record<string, { content: Record<string, { schema: Record<string, unknown> }> }>;
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
};

let server: RestServer;
let api: Client;
let doc: Document;
beforeAll(async () => {
  server = await startRestServer("openapi");
  api = clientFor(server, await server.keyFor("openapi-org"));
  const answer = await fetch(`${server.url}/openapi.json`);
  expect(answer.status).toBe(200);
  expect(answer.headers.get("content-type")).toContain("application/json");
  doc = (await answer.json()) as Document;
});
afterAll(() => server.close());

const operation = (method: string, path: string): Operation => {
  const found = doc.paths[`/v1${path}`]?.[method.toLowerCase()];
  if (!found) throw new Error(`${method} /v1${path} is not in the document`);
  return found;
};

describe(`GET /v1/openapi.json (${testBackend})`, () => {
  it("is public and a valid OpenAPI 3.1 document", async () => {
    expect((await fetch(`${server.url}/openapi.json/`)).status).toBe(200);
    expect(doc.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(doc.components.securitySchemes).toEqual({
      ApiKeyHeader: { type: "apiKey", in: "header", name: "x-api-key" },
      BearerAuth: { type: "http", scheme: "bearer" },
    });
    // and every schema in it compiles as JSON Schema 2020-12 (OpenAPI 3.1's dialect)
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    expect(() =>
      ajv.addSchema(doc, "openapi").getSchema("openapi#/components/schemas/HTTPValidationError"),
    ).not.toThrow();
  });

  it("has every route with its method, 200 and its errors (401 always, 404 with a path id, 422 with any input)", () => {
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} /v1${r.path}`).sort());
    const ids = new Set<string>();
    for (const route of routes) {
      const op = operation(route.method, route.path);
      ids.add(op.operationId);
      const statuses = Object.keys(op.responses);
      expect(statuses, `${route.method} ${route.path}`).toEqual(["200", ...route.errors.map(String)]);
      expect(route.errors).toContain(401);
      if (route.path.includes("{"))
        expect(route.errors, `${route.method} ${route.path}`).toEqual(expect.arrayContaining([404, 422]));
      if (route.query || route.body) expect(route.errors, `${route.method} ${route.path}`).toContain(422);
      for (const status of route.errors) {
        const ref = status === 422 ? "#/components/schemas/HTTPValidationError" : "#/components/schemas/HTTPError";
        expect(op.responses[String(status)]?.content["application/json"]?.schema).toEqual({ $ref: ref });
      }
      const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(op.parameters.filter((p) => p.in === "path").map((p) => [p.name, p.required])).toEqual(
        pathNames.map((n) => [n, true]),
      );
      expect(Boolean(op.requestBody), `${route.method} ${route.path} body`).toBe(Boolean(route.body));
    }
    expect(ids.size).toBe(routes.length);
    expect(Object.keys(operation("GET", "/sync/job/{job_id}/subscribe").responses["200"]?.content ?? {})).toEqual([
      "text/event-stream",
    ]);
    expect(operation("POST", "/source-connections/{id}/run").responses).toHaveProperty("409");
    expect(operation("POST", "/source-connections/{id}/jobs/{job_id}/cancel").responses).toHaveProperty("409");
    expect(operation("POST", "/collections").responses).toHaveProperty("409");
  });

  it("request schemas require the right fields and carry the documented limits", () => {
    const body = (method: string, path: string) =>
      operation(method, path).requestBody?.content["application/json"].schema;
    expect(body("POST", "/collections")?.required).toEqual(["name"]);
    expect(Object.keys(body("POST", "/collections")?.properties ?? {})).toEqual(["name", "readable_id"]);
    expect(body("PATCH", "/collections/{readable_id}")?.required).toEqual(["name"]);
    expect(body("POST", "/source-connections")?.required?.sort()).toEqual(["readable_collection_id", "short_name"]);
    expect(Object.keys(body("POST", "/source-connections")?.properties ?? {}).sort()).toEqual(
      [
        "authentication",
        "config",
        "description",
        "name",
        "readable_collection_id",
        "schedule",
        "short_name",
        "sync_immediately",
      ].sort(),
    );
    expect(body("PATCH", "/source-connections/{id}")?.required ?? []).toEqual([]);
    const limit = operation("GET", "/source-connections/{id}/jobs").parameters.find((p) => p.name === "limit");
    expect(limit).toMatchObject({
      in: "query",
      required: false,
      schema: { type: "integer", minimum: 1, maximum: 1000, default: 100 },
    });
    expect(
      operation("POST", "/source-connections/{id}/run").parameters.find((p) => p.name === "force_full_sync"),
    ).toMatchObject({ in: "query", required: false });
    for (const path of ["/collections", "/source-connections"]) {
      const names = operation("GET", path).parameters.map((p) => p.name);
      expect(names).toEqual(expect.arrayContaining(["skip", "limit"]));
    }
    expect(operation("GET", "/source-connections").parameters.map((p) => p.name)).toContain("collection");
  });

  it("real answers validate against the published response schemas", async () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema(doc, "openapi");
    const pointer = (path: string, method: string, status: number) =>
      `openapi#/paths/${`/v1${path}`.replace(/~/g, "~0").replace(/\//g, "~1")}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
    const conforms = async (method: string, template: string, path: string, status = 200, body?: unknown) => {
      const answer = await api(method, path, { body });
      expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBe(status);
      const validate = ajv.getSchema(pointer(template, method, status));
      if (!validate) throw new Error(`no schema for ${method} ${template} ${status}`);
      expect(validate(answer.body) ? [] : validate.errors, `${method} ${path}`).toEqual([]);
      return answer.body;
    };
    const collection = (await createCollection(api, "OpenAPI collection")).readable_id;
    const connection = await createConnection(api, collection, { entity_count: 20, seed: 1 });
    const job = await run(api, connection.id);
    await waitFor(server, job.id, [JOB.COMPLETED]);
    await conforms("GET", "/collections", "/collections");
    await conforms("GET", "/collections/{readable_id}", `/collections/${collection}`);
    await conforms("POST", "/collections", "/collections", 200, { name: "Another collection" });
    await conforms("GET", "/source-connections", "/source-connections");
    await conforms("GET", "/source-connections/{id}", `/source-connections/${connection.id}`);
    await conforms("GET", "/source-connections/{id}/jobs", `/source-connections/${connection.id}/jobs`);
    await conforms("GET", "/sync/jobs/{job_id}", `/sync/jobs/${job.id}`);
    await conforms("GET", "/sources", "/sources");
    await conforms("GET", "/sources/{short_name}", "/sources/postgresql");
    const slow = await createConnection(api, collection, { entity_count: 100_000, generation_delay_ms: 2 });
    const slowJob = await conforms("POST", "/source-connections/{id}/run", `/source-connections/${slow.id}/run`);
    await conforms("POST", "/source-connections/{id}/run", `/source-connections/${slow.id}/run`, 409);
    await conforms(
      "POST",
      "/source-connections/{id}/jobs/{job_id}/cancel",
      `/source-connections/${slow.id}/jobs/${slowJob.id}/cancel`,
    );
    await waitFor(server, slowJob.id, [JOB.CANCELLED]);
    await conforms(
      "POST",
      "/source-connections/{id}/jobs/{job_id}/cancel",
      `/source-connections/${slow.id}/jobs/${slowJob.id}/cancel`,
      409,
    );
    await conforms("PATCH", "/source-connections/{id}", `/source-connections/${slow.id}`, 200, {
      schedule: { cron: "0 * * * *" },
    });
    await conforms("DELETE", "/source-connections/{id}", `/source-connections/${slow.id}`);
    await conforms("GET", "/sync/jobs/{job_id}", "/sync/jobs/not-a-uuid", 422);
    await conforms("GET", "/sources/{short_name}", "/sources/nope", 404);
    const unauthorized = await api("GET", "/collections", { key: null });
    expect(ajv.getSchema(pointer("/collections", "GET", 401))?.(unauthorized.body)).toBe(true);
  });
});
