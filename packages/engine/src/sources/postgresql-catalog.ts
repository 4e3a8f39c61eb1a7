// What the configured schema holds: its tables, their primary keys and columns, and whether we may read them.
import type pg from "pg";
import { SourceError } from "./types";

export type TableInfo = { name: string; primaryKey: string[]; columns: string[]; readable: boolean };

const TABLES_SQL = `
SELECT c.relname::text AS name,
       coalesce((SELECT array_agg(a.attname::text ORDER BY k.ord)
                   FROM pg_index i
                   CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                  WHERE i.indrelid = c.oid AND i.indisprimary), '{}') AS primary_key,
       coalesce((SELECT array_agg(a.attname::text ORDER BY a.attnum)
                   FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '{}') AS columns,
       has_table_privilege(c.oid, 'SELECT') AS readable
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
 ORDER BY c.relname`;

type TableRow = { name: string; primary_key: string[]; columns: string[]; readable: boolean };

/**
 * The tables to sync, in name order: all of the schema's tables (partitioned tables as one, not their partitions)
 * for "*", else the listed ones. A missing schema or table, or a cursor column that is not there, is a config error.
 */
export async function resolveTables(
  client: pg.Client,
  schema: string,
  tables: "*" | string[],
  cursorColumns: Record<string, string>,
): Promise<TableInfo[]> {
  const schemaFound = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
  if (schemaFound.rowCount === 0) {
    throw new SourceError(`Schema "${schema}" does not exist in this database. Fix schema.`, "source_config");
  }
  const result = await client.query<TableRow>(TABLES_SQL, [schema]);
  const all = result.rows.map((row) => ({
    name: row.name,
    primaryKey: row.primary_key,
    columns: row.columns,
    readable: row.readable,
  }));
  const byName = new Map(all.map((table) => [table.name, table]));
  const missing = (names: string[]) => names.filter((name) => !byName.has(name));
  if (tables !== "*" && missing(tables).length > 0) {
    throw new SourceError(
      `Table(s) ${quoteList(missing(tables))} not found in schema "${schema}" (it has ${quoteList(all.map((t) => t.name)) || "no tables"}). Fix tables.`,
      "source_config",
    );
  }
  const selected = tables === "*" ? all : [...new Set(tables)].sort().flatMap((name) => byName.get(name) ?? []);
  for (const [tableName, column] of Object.entries(cursorColumns)) {
    const table = selected.find((t) => t.name === tableName);
    if (!table) {
      throw new SourceError(
        `cursor_columns names table "${tableName}", which is not synced. Fix cursor_columns or tables.`,
        "source_config",
      );
    }
    if (!table.columns.includes(column)) {
      throw new SourceError(`Table "${tableName}" has no column "${column}". Fix cursor_columns.`, "source_config");
    }
  }
  return selected;
}

function quoteList(names: string[]): string {
  return names.map((name) => `"${name}"`).join(", ");
}
