// Bulk reads and writes of a sync's stored entities: one statement per batch for each operation, never a query per
// entity. A batch travels as one JSON array parameter expanded by json_to_recordset (the same on PGlite and
// PostgreSQL, whose Prisma adapters disagree on array parameters).
import type { Sql } from "../jobs/sql";

export type EntityKey = { type: string; id: string };
/** `json` is the entity's content already serialized (canonical JSON), spliced into the batch as is. */
export type EntityWrite = EntityKey & { hash: string; json: string };

function keysJson(keys: EntityKey[]): string {
  return JSON.stringify(keys.map((k) => ({ t: k.type, i: k.id })));
}

export function keyOf(type: string, id: string): string {
  return `${type}\u0000${id}`;
}

/** Stored hashes of the given keys, by keyOf(type, id). */
export async function lookupHashes(sql: Sql, syncId: string, keys: EntityKey[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (keys.length === 0) return found;
  const rows = await sql.$queryRawUnsafe<{ entity_type: string; entity_id: string; hash: string }[]>(
    `SELECT e.entity_type, e.entity_id, e.hash
       FROM json_to_recordset($2::json) AS k(t text, i text)
       JOIN entity e ON e.sync_id = $1::uuid AND e.entity_type = k.t AND e.entity_id = k.i`,
    syncId,
    keysJson(keys),
  );
  for (const row of rows) found.set(keyOf(row.entity_type, row.entity_id), row.hash);
  return found;
}

/** Inserts new and overwrites changed entities; idempotent, so a retried batch converges to the same rows. */
export async function upsertEntities(sql: Sql, syncId: string, jobId: string, rows: EntityWrite[]): Promise<void> {
  if (rows.length === 0) return;
  await sql.$executeRawUnsafe(
    `INSERT INTO entity (sync_id, entity_type, entity_id, hash, payload, last_job_id)
     SELECT $1::uuid, t, i, h, p, $2::uuid FROM json_to_recordset($3::json) AS u(t text, i text, h text, p jsonb)
     ON CONFLICT (sync_id, entity_type, entity_id) DO UPDATE
       SET hash = excluded.hash, payload = excluded.payload, last_job_id = excluded.last_job_id, updated_at = now()`,
    syncId,
    jobId,
    `[${rows.map((r) => `{"t":${JSON.stringify(r.type)},"i":${JSON.stringify(r.id)},"h":"${r.hash}","p":${r.json}}`).join(",")}]`,
  );
}

/** Deletes the given entities; returns how many existed. */
export async function deleteEntities(sql: Sql, syncId: string, keys: EntityKey[]): Promise<number> {
  if (keys.length === 0) return 0;
  return sql.$executeRawUnsafe(
    `DELETE FROM entity e USING json_to_recordset($2::json) AS k(t text, i text)
     WHERE e.sync_id = $1::uuid AND e.entity_type = k.t AND e.entity_id = k.i`,
    syncId,
    keysJson(keys),
  );
}

/** Walks the sync's stored keys in primary-key order, a page at a time (bounded memory for any store size). */
export async function* storedKeyPages(
  sql: Sql,
  syncId: string,
  run: <T>(read: () => Promise<T>) => Promise<T> = (read) => read(),
  pageSize = 5000,
): AsyncGenerator<EntityKey[]> {
  let after: EntityKey | null = null;
  for (;;) {
    const from = after;
    const rows: { entity_type: string; entity_id: string }[] = await run(() =>
      from
        ? sql.$queryRawUnsafe(
            `SELECT entity_type, entity_id FROM entity WHERE sync_id = $1::uuid AND (entity_type, entity_id) > ($2, $3)
           ORDER BY entity_type, entity_id LIMIT $4`,
            syncId,
            from.type,
            from.id,
            pageSize,
          )
        : sql.$queryRawUnsafe(
            `SELECT entity_type, entity_id FROM entity WHERE sync_id = $1::uuid ORDER BY entity_type, entity_id LIMIT $2`,
            syncId,
            pageSize,
          ),
    );
    if (rows.length === 0) return;
    const page = rows.map((r) => ({ type: r.entity_type, id: r.entity_id }));
    yield page;
    if (rows.length < pageSize) return;
    after = page[page.length - 1] ?? null;
  }
}
