// Shape checks for JSON answers: an object has exactly (or at least) the documented keys, each of the documented
// JSON type. `timestamp` is CONTRACT.md's ISO 8601 UTC with milliseconds and `Z`; `uuid` any 8-4-4-4-12 hex id.
type FieldType = "string" | "number" | "integer" | "boolean" | "null" | "object" | "array" | "timestamp" | "uuid";
type FieldSpec = FieldType | readonly FieldType[];
export type Shape = Record<string, FieldSpec>;

const ISO_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "timestamp":
      return typeof value === "string" && ISO_TIMESTAMP.test(value);
    case "uuid":
      return typeof value === "string" && UUID.test(value);
  }
}

/** What is wrong with `value` against `shape` (empty when it fits). `exact` also refuses undocumented keys. */
export function shapeProblems(value: unknown, shape: Shape, mode: "exact" | "at-least" = "exact"): string[] {
  if (!isType(value, "object")) return [`expected an object, got ${JSON.stringify(value)}`];
  const object = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(shape)) {
    const types: readonly FieldType[] = typeof spec === "string" ? [spec] : spec;
    if (!(key in object)) problems.push(`missing key ${key}`);
    else if (!types.some((t) => isType(object[key], t)))
      problems.push(`${key}: expected ${types.join("|")}, got ${JSON.stringify(object[key])}`);
  }
  if (mode === "exact")
    for (const key of Object.keys(object)) if (!(key in shape)) problems.push(`undocumented key ${key}`);
  return problems;
}

const nullable = (type: FieldType): FieldType[] => [type, "null"];

/** run-sync.txt's example keys (= list-sync-jobs-reference.txt's fields) plus CONTRACT.md's `error_category`. */
export const sourceConnectionJobShape: Shape = {
  id: "uuid",
  source_connection_id: "uuid",
  status: "string",
  started_at: nullable("timestamp"),
  completed_at: nullable("timestamp"),
  duration_seconds: nullable("number"),
  entities_inserted: "integer",
  entities_updated: "integer",
  entities_deleted: "integer",
  entities_failed: "integer",
  error: nullable("string"),
  error_details: nullable("object"),
  error_category: nullable("string"),
};

/** get-sync-job.txt's example keys, plus the fields CONTRACT.md adds ("Fields"): checked at least. */
export const syncJobShape: Shape = {
  id: "uuid",
  sync_id: "uuid",
  sync_name: "string",
  organization_id: "uuid",
  status: "string",
  scheduled: "boolean",
  entities_inserted: "integer",
  entities_updated: "integer",
  entities_deleted: "integer",
  entities_kept: "integer",
  entities_skipped: "integer",
  entities_encountered: "object",
  started_at: nullable("timestamp"),
  completed_at: nullable("timestamp"),
  failed_at: nullable("timestamp"),
  error: nullable("string"),
  sync_config: nullable("object"),
  sync_metadata: nullable("object"),
  created_at: "timestamp",
  modified_at: "timestamp",
  created_by_email: nullable("string"),
  modified_by_email: nullable("string"),
  entities_failed: "integer",
  duration_seconds: nullable("number"),
  error_details: nullable("object"),
  error_category: nullable("string"),
};

export const collectionShape: Shape = {
  id: "uuid",
  name: "string",
  readable_id: "string",
  organization_id: "uuid",
  created_at: "timestamp",
  modified_at: "timestamp",
  created_by_email: nullable("string"),
  modified_by_email: nullable("string"),
  status: "string",
  source_connection_summaries: "array",
};

export const sourceConnectionShape: Shape = {
  id: "uuid",
  organization_id: "uuid",
  name: "string",
  description: nullable("string"),
  short_name: "string",
  readable_collection_id: "string",
  status: "string",
  created_at: "timestamp",
  modified_at: "timestamp",
  config: "object",
  sync_id: "uuid",
  auth: "object",
  schedule: nullable("object"),
  sync: nullable("object"),
  entities: nullable("object"),
  error_category: nullable("string"),
  error_message: nullable("string"),
};

export const syncDetailsShape: Shape = {
  total_runs: "integer",
  successful_runs: "integer",
  failed_runs: "integer",
  last_job: nullable("object"),
};
export const scheduleShape: Shape = {
  cron: nullable("string"),
  next_run: nullable("timestamp"),
  continuous: "boolean",
  cursor_field: nullable("string"),
  cursor_value: ["string", "number", "boolean", "null", "object", "array"],
};

export const sourceConnectionListItemShape: Shape = {
  id: "uuid",
  name: "string",
  short_name: "string",
  readable_collection_id: "string",
  created_at: "timestamp",
  modified_at: "timestamp",
  is_authenticated: "boolean",
  entity_count: "integer",
  auth_method: "string",
  status: "string",
};

export const sourceShape: Shape = {
  short_name: "string",
  name: "string",
  description: "string",
  auth_methods: "array",
  config_fields: "object",
  auth_fields: nullable("object"),
  output_entity_definitions: "array",
  supports_continuous: "boolean",
  labels: "array",
};

/** CONTRACT.md's config field keys; checked at least (the adapter also sends `default`). */
export const configFieldShape: Shape = {
  name: "string",
  title: "string",
  description: nullable("string"),
  type: "string",
  required: "boolean",
  is_secret: "boolean",
  enum_values: nullable("array"),
};
