// Connecting to a user's PostgreSQL and turning its failures into classified SourceErrors that never contain the
// password.
import pg from "pg";
import { OutboundRefusedError, resolveDestination, type OutboundPolicy } from "../outbound/index";
import { SourceError } from "./types";

export type ConnectionSettings = { host: string; port: number; database: string; user: string };

const { builtins } = pg.types;
/** Types kept as PostgreSQL's own text (exact, and independent of the worker's time zone). */
const RAW_TEXT_TYPES = new Set<number>([builtins.DATE, builtins.TIMESTAMP, builtins.TIME, builtins.TIMETZ]);

const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: (id, format) =>
    RAW_TEXT_TYPES.has(id) && format !== "binary"
      ? (value: string) => value
      : (pg.types.getTypeParser(id, format) as (value: string) => unknown),
};

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

/**
 * The password as pg asks for it. A function, because pg falls back to PGPASSWORD and ~/.pgpass for any falsy
 * password: with none stored, a server that asks for one gets nothing and the connection fails.
 */
function passwordFor(password: string | undefined) {
  return () =>
    password
      ? Promise.resolve(password)
      : Promise.reject(
          new SourceError("The server asks for a password but this connection has none. Set password.", "source_auth"),
        );
}

/**
 * A pg client built from these values only. pg reads PGHOST, PGUSER, PGPORT, PGDATABASE, PGSSLMODE, … for every
 * falsy option, so each one is given; PGOPTIONS and PGREPLICATION have no harmless truthy value and are cleared.
 */
function newClient(settings: ConnectionSettings, address: string, password: string | undefined): pg.Client {
  const client = new pg.Client({
    host: address,
    port: settings.port,
    user: settings.user,
    database: settings.database,
    password: passwordFor(password),
    ssl: false,
    client_encoding: "UTF8",
    sslnegotiation: "postgres",
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    application_name: "weft-sync",
    types: typeParsers,
  });
  const params = (client as unknown as { connectionParameters: Record<string, unknown> }).connectionParameters;
  params.options = undefined;
  params.replication = undefined;
  (client as unknown as { replication: unknown }).replication = undefined;
  return client;
}

/**
 * Opens a read-only, UTC session on an address the outbound policy allows, resolved once and connected to as an IP
 * (no second lookup for DNS to answer differently). Throws a SourceError (password scrubbed) when it cannot.
 */
export async function connect(
  settings: ConnectionSettings,
  password: string | undefined,
  policy: OutboundPolicy,
): Promise<pg.Client> {
  let address: string;
  try {
    address = (await resolveDestination(settings.host, policy)).address;
  } catch (error) {
    throw toSourceError(error, settings, password);
  }
  const client = newClient(settings, address, password);
  // An idle-connection error after connect would otherwise crash the process; queries report their own failures.
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SET TIME ZONE 'UTC'; SET DateStyle TO ISO, MDY; SET default_transaction_read_only TO on");
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw toSourceError(error, settings, password);
  }
}

/** True when the session is gone (network, server shutdown) rather than one statement failing: probed, not parsed. */
export async function isConnectionLost(client: pg.Client, error: unknown): Promise<boolean> {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  if (UNREACHABLE_CODES.has(code) || code.startsWith("08") || code.startsWith("57P")) return true;
  return client.query("SELECT 1").then(
    () => false,
    () => true,
  );
}

/** Replaces every occurrence of the password (plain and URL-encoded) with ***. */
function scrub(text: string, password: string | undefined): string {
  if (!password) return text;
  return text.split(password).join("***").split(encodeURIComponent(password)).join("***");
}

/** Classifies any failure of connecting or reading as a SourceError whose message says what to check. */
export function toSourceError(error: unknown, settings: ConnectionSettings, password: string | undefined): SourceError {
  if (error instanceof SourceError) return new SourceError(scrub(error.message, password), error.category);
  if (error instanceof OutboundRefusedError)
    return new SourceError(`Refused to connect: ${error.message}`, "blocked_destination");
  const raw = error instanceof Error ? error.message : String(error);
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  const where = `PostgreSQL at ${settings.host}:${settings.port}, database "${settings.database}"`;
  const [message, category] = ((): [string, SourceError["category"]] => {
    if (code === "28P01" || code === "28000" || /SASL|SCRAM|client password/.test(raw)) {
      return [`${where} refused user "${settings.user}" (${raw}). Check user and password.`, "source_auth"];
    }
    if (code === "42501") return [`${where}: ${raw}. Grant the user SELECT or leave that table out.`, "source_auth"];
    if (code === "3D000") return [`${where}: ${raw}. Fix database.`, "source_config"];
    if (
      UNREACHABLE_CODES.has(code) ||
      code.startsWith("08") ||
      code.startsWith("57P") ||
      /timeout|terminated/i.test(raw)
    ) {
      return [
        `Cannot reach ${where} (${raw}). Check host and port, and that the server accepts connections from the worker.`,
        "source_unreachable",
      ];
    }
    return [`${where}: ${raw}${code ? ` (SQLSTATE ${code})` : ""}`, "source_error"];
  })();
  return new SourceError(scrub(message, password), category);
}
