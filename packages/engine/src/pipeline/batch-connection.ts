// Where the pipeline's statements run. On PostgreSQL: its own pg connection, so a batch is bulk-loaded with COPY into a
// session-local temp table and merged from there, and batches are written strictly in order. Elsewhere (PGlite, or a
// caller that only has a Prisma client): the engine's client, with the rows as one JSON parameter of the merge.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Sql } from "../jobs/sql";
import { mergeSql } from "./merge-sql";
import type { PreparedBatch } from "./prepare-batch";

export interface EntityDb {
  query<T>(text: string, params: unknown[]): Promise<T[]>;
  /** Stages the batch's rows and runs the merge ($1-$4 given) in one go. */
  merge<T>(params: unknown[], batch: PreparedBatch): Promise<T[]>;
  close(): Promise<void>;
}

export class SqlEntityDb implements EntityDb {
  constructor(private readonly sql: Sql) {}

  query<T>(text: string, params: unknown[]): Promise<T[]> {
    return this.sql.$queryRawUnsafe<T[]>(text, ...params);
  }

  merge<T>(params: unknown[], batch: PreparedBatch): Promise<T[]> {
    return this.query<T>(mergeSql("json"), [...params, batch.jsonRows()]);
  }

  async close(): Promise<void> {}
}

/** A lost connection, with a connection_failure SQLSTATE so withDatabaseRetry treats it as an outage. */
class ConnectionLost extends Error {
  readonly code = "08006";
}

const STAGE_TABLE = `CREATE TEMP TABLE IF NOT EXISTS weft_stage (t text, i text, h text, p text) ON COMMIT DELETE ROWS`;

export class CopyEntityDb implements EntityDb {
  private client: pg.Client | null = null;
  private lost: Error | null = null;

  constructor(private readonly url: string) {}

  private async open(): Promise<pg.Client> {
    if (this.client && !this.lost) return this.client;
    await this.close();
    const client = new pg.Client({ connectionString: this.url });
    // Without a listener a dropped socket would crash the process; the next query reports it instead.
    client.on("error", (error) => (this.lost ??= error));
    client.on("end", () => (this.lost ??= new Error("connection ended")));
    this.lost = null;
    this.client = client;
    try {
      await client.connect();
      await client.query(STAGE_TABLE);
    } catch (error) {
      throw this.asOutage(error);
    }
    return client;
  }

  /** An error of a connection that has gone is an outage, whatever the driver said. */
  private asOutage(error: unknown): unknown {
    if (!this.lost && !(error instanceof Error && /Connection terminated|not queryable/i.test(error.message)))
      return error;
    this.lost ??= error instanceof Error ? error : new Error(String(error));
    return new ConnectionLost(`The database connection was lost: ${this.lost.message}`, { cause: error });
  }

  async query<T>(text: string, params: unknown[]): Promise<T[]> {
    const client = await this.open();
    try {
      return (await client.query(text, params)).rows as T[];
    } catch (error) {
      throw this.asOutage(error);
    }
  }

  /** COPY into weft_stage and the merge in one transaction, whose commit empties weft_stage again. */
  async merge<T>(params: unknown[], batch: PreparedBatch): Promise<T[]> {
    const client = await this.open();
    try {
      await client.query("BEGIN");
      await pipeline(
        Readable.from([batch.copyText]),
        client.query(copyFrom("COPY weft_stage (t, i, h, p) FROM STDIN")),
      );
      const { rows } = await client.query(mergeSql("table"), params);
      await client.query("COMMIT");
      return rows as T[];
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw this.asOutage(error);
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }
}
