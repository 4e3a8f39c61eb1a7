// Reads one table in keyset-paginated batches (never the whole table at once) and turns rows into entities.
import type pg from "pg";
import type { TableInfo } from "./postgresql-catalog";
import type { JsonValue, SourceEntity } from "./types";

export type TableRead = {
  schema: string;
  table: TableInfo;
  batchSize: number;
  signal: AbortSignal;
  /** The table's cursor column, if it has one. */
  cursorColumn: string | undefined;
  /** The stored cursor value: only rows with cursorColumn > since are read. Null: read the whole table. */
  since: string | null;
  /** Receives the table's new cursor value (text) as the read advances. */
  onCursor(value: string): void;
};

type Row = Record<string, unknown>;

export async function* readTable(client: pg.Client, read: TableRead): AsyncGenerator<SourceEntity> {
  const { table, cursorColumn, since } = read;
  const relation = `${ident(read.schema)}.${ident(table.name)}`;
  const type = `${read.schema}.${table.name}`;
  const toEntity = (row: Row): SourceEntity => {
    const id = entityId(table.primaryKey.map((_, i) => String(row[`__weft_pk_${i}`])));
    const content: { [key: string]: JsonValue } = {};
    for (const [key, value] of Object.entries(row)) if (!key.startsWith("__weft_")) content[key] = toJson(value);
    return { kind: "entity", type, id, content };
  };
  if (cursorColumn !== undefined && since !== null) {
    // Changed rows only, in cursor order, so the cursor can advance batch by batch.
    const keys = [cursorColumn, ...table.primaryKey];
    const where = { sql: `t.${ident(cursorColumn)} > $1`, params: [since] };
    for await (const rows of pages(client, relation, keys, table.primaryKey, where, read)) {
      for (const row of rows) yield toEntity(row);
      const last = rows.at(-1);
      if (last) read.onCursor(String(last.__weft_key_0));
    }
    return;
  }
  // Everything, in primary-key order. With a cursor column, the cursor is its maximum taken before reading, so
  // rows changed during the read are read again next time rather than missed.
  let max: string | null = null;
  if (cursorColumn !== undefined) {
    const result = await client.query<{ max: string | null }>(
      `SELECT max(t.${ident(cursorColumn)})::text AS max FROM ${relation} t`,
    );
    max = result.rows[0]?.max ?? null;
  }
  for await (const rows of pages(client, relation, table.primaryKey, table.primaryKey, null, read)) {
    for (const row of rows) yield toEntity(row);
  }
  if (max !== null && !read.signal.aborted) read.onCursor(max);
}

/** Batches of rows ordered by `keys`, each query starting after the last key seen (keyset pagination). */
async function* pages(
  client: pg.Client,
  relation: string,
  keys: string[],
  idColumns: string[],
  where: { sql: string; params: string[] } | null,
  read: TableRead,
): AsyncGenerator<Row[]> {
  const keyExpressions = keys.map((key) => `t.${ident(key)}`);
  const select = [
    "t.*",
    ...keyExpressions.map((expression, i) => `${expression}::text AS "__weft_key_${i}"`),
    ...idColumns.map((column, i) => `t.${ident(column)}::text AS "__weft_pk_${i}"`),
  ].join(", ");
  let after: string[] | null = null;
  while (!read.signal.aborted) {
    const params = [...(where?.params ?? [])];
    const conditions = where ? [where.sql] : [];
    if (after) {
      const placeholders = after.map((value) => `$${params.push(value)}`);
      conditions.push(`(${keyExpressions.join(", ")}) > (${placeholders.join(", ")})`);
    }
    const sql =
      `SELECT ${select} FROM ${relation} t` +
      (conditions.length > 0 ? ` WHERE ${conditions.join(" AND ")}` : "") +
      ` ORDER BY ${keyExpressions.join(", ")} LIMIT ${read.batchSize}`;
    const { rows } = await client.query<Row>(sql, params);
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (!last || rows.length < read.batchSize) return;
    after = keys.map((_, i) => String(last[`__weft_key_${i}`]));
  }
}

/**
 * A row's id from its primary-key values (PostgreSQL text): one column as is; several joined by ":" with "\\" and ":"
 * escaped inside each value, so ("a:b", "c") and ("a", "b:c") differ. Values without either character keep the ids
 * earlier versions stored.
 */
function entityId(values: string[]): string {
  if (values.length === 1) return values[0] ?? "";
  return values.map((value) => value.replaceAll("\\", "\\\\").replaceAll(":", "\\:")).join(":");
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A driver value as JSON: Date → ISO string, bytes → base64, bigint and non-finite numbers → string. */
function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === "object") {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, field] of Object.entries(value)) out[key] = toJson(field);
    return out;
  }
  // What is left is a symbol or a function: neither is data.
  return typeof value === "symbol" ? value.toString() : null;
}
