// Writes of a sync's stored entities: each batch (merge, then its deletions) and each page of the orphan sweep is one
// statement that also writes its ledger row. Nothing here holds more than one batch or one page of keys.
import type { EntityDb } from "./batch-connection";
import { DELETE_KEYS, LEDGER_ROW, sweepPage } from "./merge-sql";
import type { PreparedBatch } from "./prepare-batch";
import type { FailedScope } from "../sources/types";

export type EntityKey = { type: string; id: string };

export type TypeTally = { t: string; inserted: number; updated: number; kept: number; skipped: number };

export type RunIds = { syncId: string; jobId: string; runId: string };

/**
 * Step `stepNo` of the run: `run` executes it (its statement writes the ledger row with its result). Safe to repeat:
 * a step whose commit did commit (the answer lost with the connection) finds its ledger row and returns the result
 * recorded then, so nothing is counted twice or lost.
 */
async function ledgered<T>(db: EntityDb, ids: RunIds, stepNo: number, run: () => Promise<T[]>): Promise<T[]> {
  const [done] = await db.query<{ counts: T | T[] }>(LEDGER_ROW, [ids.runId, stepNo]);
  if (done) return Array.isArray(done.counts) ? done.counts : [done.counts];
  return run();
}

const ledgerParams = (ids: RunIds, stepNo: number) => [ids.syncId, ids.jobId, ids.runId, stepNo];

/** Merges a batch's entity rows: per type, how many were inserted, updated, kept and skipped. */
export function mergeBatch(db: EntityDb, ids: RunIds, stepNo: number, batch: PreparedBatch): Promise<TypeTally[]> {
  return ledgered(db, ids, stepNo, () => db.merge<TypeTally>(ledgerParams(ids, stepNo), batch));
}

/** Deletes the batch's deletion keys: how many existed. */
export async function deleteKeys(db: EntityDb, ids: RunIds, stepNo: number, keys: EntityKey[]): Promise<number> {
  const json = JSON.stringify(keys.map((k) => ({ t: k.type, i: k.id })));
  const [row] = await ledgered(db, ids, stepNo, () =>
    db.query<{ deleted: number }>(DELETE_KEYS, [...ledgerParams(ids, stepNo), json]),
  );
  return row?.deleted ?? 0;
}

/** The ledger is only needed while its run is writing. */
export async function forgetSteps(db: EntityDb, jobId: string): Promise<void> {
  await db.query(`DELETE FROM sync_batch WHERE job_id = $1::uuid`, [jobId]);
}

type SweepRow = { scanned: number; last_type: string | null; last_id: string | null; kept: number; deleted: number };

/** One page of the orphan sweep after `after` (null: from the start). */
export async function sweepOrphanPage(
  db: EntityDb,
  ids: RunIds,
  stepNo: number,
  scopes: FailedScope[],
  after: EntityKey | null,
  pageSize: number,
): Promise<{ scanned: number; last: EntityKey | null; kept: number; deleted: number }> {
  const scopeJson = JSON.stringify(scopes.map((s) => ({ t: s.type ?? null, i: s.id ?? null, p: s.idPrefix ?? null })));
  const [row] = await ledgered(db, ids, stepNo, () =>
    db.query<SweepRow>(sweepPage(after === null), [
      ...ledgerParams(ids, stepNo),
      scopeJson,
      after?.type ?? null,
      after?.id ?? null,
      pageSize,
    ]),
  );
  if (!row) throw new Error("the sweep returned no row");
  const last = row.last_type !== null && row.last_id !== null ? { type: row.last_type, id: row.last_id } : null;
  return { scanned: row.scanned, last, kept: row.kept, deleted: row.deleted };
}
