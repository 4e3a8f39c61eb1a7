// Rows at scale, written by SQL (generate_series) in a few statements: organizations, each with one collection and
// its connections (and their syncs), every connection with finished jobs and stored entities, and webhook messages.
// The EXPLAIN test seeds many small tenants; bench:list seeds one connection with 1M jobs and 10M entities.
import pg from "pg";
import { JOB } from "@weft/job-model";

export type ScaleShape = {
  /** Unique per seeding in one database: ids and names derive from it. */
  label: string;
  organizations: number;
  connectionsPerOrganization: number;
  jobsPerConnection: number;
  entitiesPerConnection: number;
  messagesPerOrganization: number;
  /** Entities are inserted this many at a time (one statement each), reported through `onProgress`. */
  entityBatch?: number;
  onProgress?: (what: string) => void;
};

/** The first organization's first connection, which tests and benchmarks read. */
export type ScaleTarget = {
  organizationId: string;
  collectionReadableId: string;
  connectionId: string;
  syncId: string;
  /** Its newest job. */
  jobId: string;
};

// Deterministic ids: md5 of the label and position, read as a uuid.
const idOf = (kind: string, ...at: string[]) => `md5($1 || ':${kind}:' || ${at.join(" || ':' || ")})::uuid`;

export async function seedAtScale(url: string, shape: ScaleShape): Promise<ScaleTarget> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const run = (sql: string, ...values: unknown[]) => client.query(sql, [shape.label, ...values]);
  try {
    await run(
      `INSERT INTO organization (id, name) SELECT ${idOf("org", "o")}, $1 || '-' || o FROM generate_series(1, $2::int) o`,
      shape.organizations,
    );
    await run(
      `INSERT INTO collection (id, organization_id, name, readable_id, created_at)
       SELECT ${idOf("col", "o")}, ${idOf("org", "o")}, 'Scale ' || o, 'scale-' || o, now() - o * interval '1 second'
       FROM generate_series(1, $2::int) o`,
      shape.organizations,
    );
    const connections = `FROM generate_series(1, $2::int) o, generate_series(1, $3::int) c`;
    await run(
      `INSERT INTO source_connection (id, organization_id, collection_id, name, short_name, config, created_at)
       SELECT ${idOf("conn", "o", "c")}, ${idOf("org", "o")}, ${idOf("col", "o")}, 'Scale ' || o || '/' || c, 'stub',
         '{"entity_count": 10}', now() - interval '1 day' + c * interval '1 second' ${connections}`,
      shape.organizations,
      shape.connectionsPerOrganization,
    );
    await run(
      `INSERT INTO sync (id, source_connection_id, name) SELECT ${idOf("sync", "o", "c")}, ${idOf("conn", "o", "c")},
         'Scale sync ' || o || '/' || c ${connections}`,
      shape.organizations,
      shape.connectionsPerOrganization,
    );
    shape.onProgress?.("organizations, collections, connections");
    // Finished jobs, one a minute going back; every tenth FAILED. The count triggers fire once per statement.
    await run(
      `INSERT INTO sync_job (id, sync_id, source_connection_id, organization_id, status, created_at, started_at,
         completed_at, failed_at, entities_inserted, entities_encountered, error)
       SELECT gen_random_uuid(), ${idOf("sync", "o", "c")}, ${idOf("conn", "o", "c")}, ${idOf("org", "o")},
         (CASE WHEN j % 10 = 0 THEN '${JOB.FAILED}' ELSE '${JOB.COMPLETED}' END)::sync_job_status, t, t,
         CASE WHEN j % 10 = 0 THEN NULL ELSE t + interval '5 seconds' END,
         CASE WHEN j % 10 = 0 THEN t + interval '5 seconds' END, j % 100, '{"StubEntity": 10}',
         CASE WHEN j % 10 = 0 THEN 'source failed' END
       ${connections}, generate_series(1, $4::int) j, LATERAL (SELECT now() - j * interval '1 minute' AS t) at`,
      shape.organizations,
      shape.connectionsPerOrganization,
      shape.jobsPerConnection,
    );
    shape.onProgress?.(`${shape.jobsPerConnection} jobs per connection`);
    const batch = shape.entityBatch ?? 1_000_000;
    for (let from = 1; from <= shape.entitiesPerConnection; from += batch) {
      const to = Math.min(shape.entitiesPerConnection, from + batch - 1);
      await run(
        `INSERT INTO entity (sync_id, entity_type, entity_id, hash, payload)
         SELECT ${idOf("sync", "o", "c")}, 'StubEntity' || (e % 5), e::text, md5(e::text), '{}'
         ${connections}, generate_series($4::int, $5::int) e`,
        shape.organizations,
        shape.connectionsPerOrganization,
        from,
        to,
      );
      shape.onProgress?.(`entities ${to} of ${shape.entitiesPerConnection} per connection`);
    }
    await run(
      `INSERT INTO webhook_message (id, organization_id, event_type, payload, created_at, dispatched_at)
       SELECT 'msg_' || md5($1 || o || ':' || m), ${idOf("org", "o")}, 'sync.completed', '{}',
         now() - m * interval '1 minute', now()
       FROM generate_series(1, $2::int) o, generate_series(1, $3::int) m`,
      shape.organizations,
      shape.messagesPerOrganization,
    );
    await client.query("ANALYZE");
    const { rows } = await run(
      `SELECT ${idOf("org", "'1'")}::text AS "organizationId", 'scale-1' AS "collectionReadableId",
         ${idOf("conn", "'1'", "'1'")}::text AS "connectionId", ${idOf("sync", "'1'", "'1'")}::text AS "syncId",
         (SELECT id::text FROM sync_job WHERE source_connection_id = ${idOf("conn", "'1'", "'1'")}
          ORDER BY created_at DESC, id DESC LIMIT 1) AS "jobId"`,
    );
    const target = rows[0] as ScaleTarget | undefined;
    if (!target) throw new Error("seedAtScale: no target row");
    return target;
  } finally {
    await client.end();
  }
}
