// The OpenAPI 3.1 document of /v1, generated from the route table's zod schemas (never written by hand): request
// parameters and bodies from the request schemas, responses from the DTO schemas, errors from CONTRACT.md.
import { z } from "zod";
import type { Route } from "./route";
import { routes } from "./routes/index";

type Schema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Schema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Schema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: "path" | "query") {
  if (!schema) return [];
  const object = jsonSchema(schema, "input") as { properties?: Record<string, Schema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || (object.required ?? []).includes(name),
    schema: property,
    ...(typeof property.description === "string" ? { description: property.description } : {}),
  }));
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  401: "Missing or invalid API key",
  404: "Not found in your organization",
  409: "Conflict (e.g. a sync is already running for this connection, or the job has ended)",
  422: "Invalid input",
};

function operation(route: Route) {
  const ok =
    route.response === "sse"
      ? {
          description: "Server-Sent Events: connected, progress (with id), heartbeat, error frames",
          content: { "text/event-stream": { schema: { type: "string" } } },
        }
      : { description: "Success", content: { "application/json": { schema: jsonSchema(route.response, "output") } } };
  const errors = Object.fromEntries(
    route.errors.map((status) => [
      String(status),
      {
        description: ERROR_DESCRIPTIONS[status] ?? "Error",
        content: {
          "application/json": {
            schema: {
              $ref: status === 422 ? "#/components/schemas/HTTPValidationError" : "#/components/schemas/HTTPError",
            },
          },
        },
      },
    ]),
  );
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/\{(\w+)\}/g, "by_$1").replace(/[^a-zA-Z0-9]+/g, "_")}`,
    summary: route.summary,
    tags: [route.tag],
    parameters: [...parameters(route.params, "path"), ...parameters(route.query, "query")],
    ...(route.body
      ? {
          requestBody: { required: true, content: { "application/json": { schema: jsonSchema(route.body, "input") } } },
        }
      : {}),
    responses: { "200": ok, ...errors },
  };
}

let cached: Schema | undefined;

export function openApiDocument(): Schema {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = `/v1${route.path}`;
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Weft API",
      version: "1.0.0",
      description: "Sync jobs, source connections and collections; Airweave-compatible /v1.",
    },
    servers: [{ url: "/" }],
    security: [{ ApiKeyHeader: [] }, { BearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        ApiKeyHeader: { type: "apiKey", in: "header", name: "x-api-key" },
        BearerAuth: { type: "http", scheme: "bearer" },
      },
      schemas: {
        HTTPError: { type: "object", properties: { detail: { type: "string" } }, required: ["detail"] },
        HTTPValidationError: {
          type: "object",
          required: ["detail"],
          properties: {
            detail: {
              type: "array",
              items: {
                type: "object",
                required: ["loc", "msg", "type"],
                properties: {
                  loc: { type: "array", items: { anyOf: [{ type: "string" }, { type: "integer" }] } },
                  msg: { type: "string" },
                  type: { type: "string" },
                },
              },
            },
          },
        },
      },
    },
  };
  return cached;
}
