// The set-based statements of a batch and of the orphan sweep. Each also keeps entity_type_count in step, in the same
// statement, so the per-type counts always equal what entity holds.

/** The ledger row of step $4 of run $3 (job $2), written by the step's own statement so both commit together. */
const LEDGER = (counts: string) => `
ledger AS (
  INSERT INTO sync_batch (run_id, batch_no, job_id, counts) SELECT $3::uuid, $4::int, $2::uuid, ${counts}
)`;

/** A step's ledger row: present when the step already committed. */
export const LEDGER_ROW = `SELECT counts FROM sync_batch WHERE run_id = $1::uuid AND batch_no = $2::int`;

/**
 * Merges the staged rows (t, i, h, p: one row per key, payload as JSON text; the temp table weft_stage, or $5 as a
 * JSON array) into the sync's entities ($1 sync, $2 job, $3 run, $4 step): a key this run already stamped is skipped;
 * a new key is inserted, a changed hash updated, an equal one kept; every seen row is stamped with the run. Returns
 * (and records in the ledger) per type how many of each.
 */
export function mergeSql(staged: "table" | "json"): string {
  const stage =
    staged === "table" ? "weft_stage s" : "json_to_recordset($5::json) AS s(t text, i text, h text, p text)";
  return `
WITH prior AS MATERIALIZED (
  -- LATERAL … LIMIT 1 keeps this a primary-key probe per staged row: a hash join would scan the sync's every entity.
  SELECT s.t, s.i, s.h, s.p, e.row_id, e.hash AS old_hash, e.seen_run AS old_run, e.row_id IS NOT NULL AS existed
    FROM ${stage}
    LEFT JOIN LATERAL (
      SELECT ctid AS row_id, hash, seen_run FROM entity
       WHERE sync_id = $1::uuid AND entity_type = s.t AND entity_id = s.i LIMIT 1
    ) e ON true
),
classed AS MATERIALIZED (
  SELECT t, i, h, p, row_id,
         CASE WHEN old_run IS NOT DISTINCT FROM $3::uuid THEN 'skipped'
              WHEN NOT existed THEN 'inserted'
              WHEN old_hash = h THEN 'kept'
              ELSE 'updated' END AS class
    FROM prior
),
written AS (
  INSERT INTO entity (sync_id, entity_type, entity_id, hash, payload, last_job_id, seen_run)
  SELECT $1::uuid, t, i, h, p::jsonb, $2::uuid, $3::uuid FROM classed WHERE class IN ('inserted', 'updated')
  ON CONFLICT (sync_id, entity_type, entity_id) DO UPDATE
    SET hash = excluded.hash, payload = excluded.payload, last_job_id = excluded.last_job_id,
        seen_run = excluded.seen_run, updated_at = now()
),
stamped AS (
  -- By row id (a TID scan): the rows were read in this statement's snapshot and only this run writes them.
  UPDATE entity SET seen_run = $3::uuid
   WHERE ctid = ANY (ARRAY(SELECT row_id FROM classed WHERE class = 'kept')) AND sync_id = $1::uuid
),
tally AS (
  SELECT t,
         count(*) FILTER (WHERE class = 'inserted')::int AS inserted,
         count(*) FILTER (WHERE class = 'updated')::int AS updated,
         count(*) FILTER (WHERE class = 'kept')::int AS kept,
         count(*) FILTER (WHERE class = 'skipped')::int AS skipped
    FROM classed GROUP BY t
),
typed AS (
  INSERT INTO entity_type_count AS c (sync_id, entity_type, count, last_updated)
  SELECT $1::uuid, t, inserted, now() FROM tally WHERE inserted + updated > 0
  ON CONFLICT (sync_id, entity_type) DO UPDATE SET count = c.count + excluded.count, last_updated = excluded.last_updated
),${LEDGER("coalesce((SELECT json_agg(tally) FROM tally), '[]'::json)")}
SELECT t, inserted, updated, kept, skipped FROM tally`;
}

/** Deletes the listed keys ($5: JSON [{t, i}]) of sync $1 (ledger: $2-$4); returns how many existed. */
export const DELETE_KEYS = `
WITH found AS MATERIALIZED (
  SELECT e.row_id FROM json_to_recordset($5::json) AS k(t text, i text)
  CROSS JOIN LATERAL (
    SELECT ctid AS row_id FROM entity WHERE sync_id = $1::uuid AND entity_type = k.t AND entity_id = k.i LIMIT 1
  ) e
),
gone AS (
  DELETE FROM entity WHERE ctid = ANY (ARRAY(SELECT row_id FROM found)) AND sync_id = $1::uuid
  RETURNING entity_type
),
per_type AS (SELECT entity_type, count(*)::int AS n FROM gone GROUP BY entity_type),
counted AS (
  UPDATE entity_type_count c SET count = c.count - p.n FROM per_type p
   WHERE c.sync_id = $1::uuid AND c.entity_type = p.entity_type
),
total AS (SELECT coalesce(sum(n), 0)::int AS deleted FROM per_type),${LEDGER("(SELECT row_to_json(total) FROM total)")}
SELECT deleted FROM total`;

/**
 * One page of the orphan sweep in key order after ($6, $7) (both null on the first page): deletes the sync's
 * entities run $3 did not stamp unless a failed scope ($5: JSON [{t, i, p}], p an id prefix) covers them. Returns
 * (and records in the ledger) the page's size and last key, the unseen entities kept for a failed scope and the
 * deletions.
 */
export function sweepPage(first: boolean): string {
  return `
WITH page AS MATERIALIZED (
  SELECT ctid AS row_id, entity_type, entity_id, seen_run FROM entity
   WHERE sync_id = $1::uuid ${first ? "AND $6::text IS NULL AND $7::text IS NULL" : "AND (entity_type, entity_id) > ($6::text, $7::text)"}
   ORDER BY entity_type, entity_id LIMIT $8
),
unseen AS MATERIALIZED (
  SELECT p.row_id, p.entity_type, p.entity_id,
         EXISTS (SELECT 1 FROM json_to_recordset($5::json) AS f(t text, i text, p text)
                  WHERE (f.t IS NULL OR f.t = p.entity_type) AND (f.i IS NULL OR f.i = p.entity_id)
                    AND (f.p IS NULL OR starts_with(p.entity_id, f.p))) AS covered
    FROM page p WHERE p.seen_run IS DISTINCT FROM $3::uuid
),
gone AS (
  DELETE FROM entity WHERE ctid = ANY (ARRAY(SELECT row_id FROM unseen WHERE NOT covered)) AND sync_id = $1::uuid
  RETURNING entity_type
),
per_type AS (SELECT entity_type, count(*)::int AS n FROM gone GROUP BY entity_type),
counted AS (
  UPDATE entity_type_count c SET count = c.count - p.n FROM per_type p
   WHERE c.sync_id = $1::uuid AND c.entity_type = p.entity_type
),
last_key AS (SELECT entity_type, entity_id FROM page ORDER BY entity_type DESC, entity_id DESC LIMIT 1),
result AS (
  SELECT (SELECT count(*)::int FROM page) AS scanned,
         (SELECT entity_type FROM last_key) AS last_type,
         (SELECT entity_id FROM last_key) AS last_id,
         (SELECT count(*)::int FROM unseen WHERE covered) AS kept,
         (SELECT coalesce(sum(n), 0)::int FROM per_type) AS deleted
),${LEDGER("(SELECT row_to_json(result) FROM result)")}
SELECT * FROM result`;
}
