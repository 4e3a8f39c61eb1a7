// `postgresql`: one entity per row of the chosen tables, incremental per table by an optional cursor column.
import { z } from "zod";
import { checkHost, OUTBOUND_VARIABLE } from "../outbound/index";
import { resolveTables } from "./postgresql-catalog";
import { connect, isConnectionLost, toSourceError, type ConnectionSettings } from "./postgresql-connection";
import { readTable } from "./postgresql-rows";
import type { JsonValue, SourceDefinition } from "./types";

/** A database or role name: PostgreSQL's 63-byte limit, and no characters that only make sense in an attack. */
const identifier = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.@$-]*$/, "Use letters, digits and _ . @ $ - (at most 63 characters).");

export const postgresqlConfigSchema = z.object({
  host: z.string().min(1).default("127.0.0.1").describe("Host name or IP address of the PostgreSQL server."),
  port: z.int().min(1).max(65535).default(5432).describe("TCP port of the PostgreSQL server."),
  database: identifier.describe("Name of the database to read."),
  user: identifier.describe("User to connect as. It only needs SELECT on the synced tables."),
  password: z
    .string()
    .optional()
    .describe(
      "Password of that user. Stored as a secret credential and never shown again. Changing host, port, user or " +
        "database drops it unless it is entered again, so it never reaches a server it was not meant for.",
    ),
  schema: z.string().min(1).max(255).default("public").describe("Schema whose tables are synced."),
  tables: z
    .union([z.literal("*"), z.array(z.string().min(1).max(255)).min(1).max(1000)])
    .default("*")
    .describe('"*" for every table of the schema, or a list of table names. Tables without a primary key are skipped.'),
  cursor_columns: z
    .record(z.string().min(1).max(255), z.string().min(1).max(255))
    .refine((columns) => Object.keys(columns).length <= 1000, "must name at most 1000 tables")
    .default({})
    .describe(
      "Per table, a column that grows whenever a row changes (e.g. updated_at or a serial id). Incremental runs " +
        "read only rows whose value is above the last one seen; tables without one are read in full every run.",
    ),
  batch_size: z.int().min(1).max(50_000).default(1000).describe("Rows fetched per query."),
});

/** Per table, the last cursor value read (PostgreSQL text) and the column it is a value of. */
const cursorSchema = z.object({
  schema: z.string(),
  tables: z.record(z.string(), z.string()),
  columns: z.record(z.string(), z.string()),
});

export const postgresqlSource: SourceDefinition<typeof postgresqlConfigSchema> = {
  shortName: "postgresql",
  name: "PostgreSQL",
  description: "Syncs the rows of a PostgreSQL schema's tables, one entity per row, keyed by primary key.",
  configSchema: postgresqlConfigSchema,
  secretFields: ["password"],
  // Entity types are "<schema>.<table>", known only once connected.
  entityTypes: [],
  supportsContinuous: true,
  secretsBoundTo: ["host", "port", "user", "database"],
  checkAccess(config, access) {
    const refused = checkHost(config.host, access.outbound);
    return Promise.resolve(refused ? [{ path: ["host"], message: refused.reason }] : []);
  },
  // The allowances themselves are not shown: they may name internal hosts a tenant has no business knowing.
  accessNotes: () => ({
    host: `Private and local addresses (127.0.0.1, 10.x, 192.168.x, localhost, …) are refused unless the server's operator allows them in ${OUTBOUND_VARIABLE}.`,
  }),
  // One column for the usual single table; "table.column, …" when several tables keep their own cursor.
  cursorField: ({ cursor_columns: columns }) => {
    const entries = Object.entries(columns);
    if (entries.length === 0) return null;
    if (entries.length === 1) return entries[0]?.[1] ?? null;
    return entries.map(([table, column]) => `${table}.${column}`).join(", ");
  },
  async *read({ config, credentials, cursor, setCursor, signal, access }) {
    const { schema, cursor_columns: cursorColumns } = config;
    const password = credentials.password ?? config.password;
    const settings: ConnectionSettings = {
      host: config.host,
      port: config.port,
      database: config.database,
      user: config.user,
    };
    const client = await connect(settings, password, access.outbound);
    let closing: Promise<void> | null = null;
    const close = () => (closing ??= client.end().catch(() => {}));
    const onAbort = () => void close();
    // Cancelling ends the connection, which also interrupts a query in flight.
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      const tables = await resolveTables(client, schema, config.tables, cursorColumns);
      const values = storedValues(cursor, schema, cursorColumns);
      const save = () => {
        const columns = Object.fromEntries(Object.keys(values).map((table) => [table, cursorColumns[table] ?? ""]));
        setCursor({ schema, tables: { ...values }, columns } satisfies JsonValue);
      };
      if (Object.keys(values).length > 0) save();
      for (const table of tables) {
        if (signal.aborted) return;
        const type = `${schema}.${table.name}`;
        if (table.primaryKey.length === 0) {
          const error = new Error(`Table ${type} has no primary key, so it was skipped. Add one to sync it.`);
          yield { kind: "error", type, id: table.name, error, scope: { type } };
          continue;
        }
        if (!table.readable) {
          const error = new Error(
            `User "${config.user}" may not SELECT from ${type}, so it was skipped. Grant SELECT to sync it.`,
          );
          yield { kind: "error", type, id: table.name, error, scope: { type } };
          continue;
        }
        const rows = readTable(client, {
          schema,
          table,
          batchSize: config.batch_size,
          signal,
          cursorColumn: cursorColumns[table.name],
          since: values[table.name] ?? null,
          onCursor: (value) => {
            values[table.name] = value;
            save();
          },
        });
        try {
          yield* rows;
        } catch (error) {
          // A lost connection fails the job; a table whose SELECT failed is reported and its stored rows are kept.
          if (signal.aborted || (await isConnectionLost(client, error))) throw error;
          yield {
            kind: "error",
            type,
            id: table.name,
            error: toSourceError(error, settings, password),
            scope: { type },
          };
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      throw toSourceError(error, settings, password);
    } finally {
      signal.removeEventListener("abort", onAbort);
      await close();
    }
  },
};

/** The stored cursor values still valid for this config (same schema, same cursor column). */
function storedValues(cursor: JsonValue | null, schema: string, cursorColumns: Record<string, string>) {
  const values: Record<string, string> = {};
  const parsed = cursorSchema.safeParse(cursor);
  if (!parsed.success || parsed.data.schema !== schema) return values;
  for (const [table, value] of Object.entries(parsed.data.tables)) {
    const column = cursorColumns[table];
    if (column !== undefined && parsed.data.columns[table] === column) values[table] = value;
  }
  return values;
}
