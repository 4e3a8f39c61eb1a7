// A typed view of the parts of the OpenAPI document the reference page shows, and readable type names for schemas.
export type Schema = {
  type?: string | string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  description?: string;
  default?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  $ref?: string;
};
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Response = { description?: string; content?: Record<string, { schema?: Schema }> };
type Operation = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, Response>;
};
export type Endpoint = { method: string; path: string; operation: Operation };
export type OpenApiDocument = {
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
};

export function endpointsByTag(doc: OpenApiDocument): [string, Endpoint[]][] {
  const groups = new Map<string, Endpoint[]>();
  for (const [path, methods] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(methods)) {
      const tag = operation.tags?.[0] ?? "other";
      groups.set(tag, [...(groups.get(tag) ?? []), { method: method.toUpperCase(), path, operation }]);
    }
  }
  return [...groups.entries()];
}

const SAFE = Number.MAX_SAFE_INTEGER;

/** "string", "integer (1–1000)", "string | null", "array of string", "object", "enum: a, b", "HTTPError". */
export function typeName(schema: Schema | undefined): string {
  if (!schema) return "any";
  if (schema.$ref) return schema.$ref.split("/").at(-1) ?? "object";
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return [...new Set(union.map(typeName))].join(" | ");
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const named = types.map((t) => (t === "array" ? `array of ${typeName(schema.items)}` : t));
  let out = named.join(" | ") || (schema.properties ? "object" : "any");
  const lo = schema.minimum !== undefined && Math.abs(schema.minimum) < SAFE ? schema.minimum : undefined;
  const hi = schema.maximum !== undefined && Math.abs(schema.maximum) < SAFE ? schema.maximum : undefined;
  if (lo !== undefined || hi !== undefined) out += ` (${lo ?? "…"}–${hi ?? "…"})`;
  if (schema.format) out += `, ${schema.format}`;
  return out;
}

/** The object schema inside a schema (directly, or the non-null branch of `X | null`), for listing its fields. */
export function objectOf(schema: Schema | undefined): Schema | null {
  if (!schema) return null;
  if (schema.properties) return schema;
  const branch = (schema.anyOf ?? schema.oneOf)?.find((s) => s.properties);
  if (branch) return branch;
  if (schema.items) return objectOf(schema.items);
  return null;
}
