// The sync pipeline: pulls a source's items into micro-batches (by size or age); each batch is hashed and encoded
// while the previous one is written (one write at a time, at most one batch waiting, so a slow database slows the
// source down instead of buffering without bound), then staged with COPY and merged in one statement that says what
// was inserted, updated, kept or skipped. Every seen entity is stamped with this run; a complete full sync then
// sweeps the unstamped ones.
import { randomUUID } from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";
import { withDatabaseRetry } from "@weft/db";
import type { Counts } from "../jobs/transitions";
import type { SourceItem } from "../sources/types";
import type { Sql } from "../jobs/sql";
import { CopyEntityDb, SqlEntityDb, type EntityDb } from "./batch-connection";
import { MAX_ERROR_SAMPLES, type ErrorSample } from "./counts";
import { deleteKeys, forgetSteps, mergeBatch, type RunIds, type TypeTally } from "./entity-store";
import { FailedScopes } from "./failed-scopes";
import { ITEMS_PER_TURN, prepareBatch, type ItemFailure, type PreparedBatch } from "./prepare-batch";
import { sweepOrphans } from "./sweep";

/** Batches stored or waiting to be: the one being written and one prepared behind it. */
const MAX_QUEUED_BATCHES = 2;

/** Rows from which a batch goes through COPY (when the database offers it). */
const COPY_MIN_ROWS = 500;

export type PipelineOptions = {
  sql: Sql;
  /** PostgreSQL's connection string: the pipeline then opens its own connection and bulk-loads with COPY. */
  copyUrl?: string;
  /** Rows from which a batch goes through COPY (default COPY_MIN_ROWS). */
  copyMinRows?: number;
  syncId: string;
  jobId: string;
  /** Full sync: stored entities not seen in this run are deleted afterwards (orphans). */
  fullSync: boolean;
  signal: AbortSignal;
  counts: Counts;
  errorSamples: ErrorSample[];
  batchSize?: number;
  batchMaxAgeMs?: number;
  /** How long a batch is retried while the database is unreachable (default WEFT_DB_RETRY_SECONDS). */
  dbRetrySeconds?: number;
};

function recordFailure(opts: PipelineOptions, failed: FailedScopes, { item, error, stage }: ItemFailure) {
  opts.counts.failed++;
  if (item.kind === "error") failed.add(item);
  else failed.add({ type: item.type, id: item.id });
  if (opts.errorSamples.length < MAX_ERROR_SAMPLES) {
    const err = error instanceof Error ? error : new Error(String(error));
    opts.errorSamples.push({
      entity_type: item.type,
      entity_id: item.id,
      error_class: err.name,
      message: err.message,
      stage,
    });
  }
}

/** Counts move only after the batch is stored, so they always match what the store holds from this job. */
function addTally(counts: Counts, batch: PreparedBatch, merged: TypeTally[], deleted: number): void {
  counts.skipped += batch.skipped;
  for (const t of merged) {
    counts.inserted += t.inserted;
    counts.updated += t.updated;
    counts.kept += t.kept;
    counts.skipped += t.skipped;
    const first = t.inserted + t.updated + t.kept;
    if (first > 0) counts.encountered[t.t] = (counts.encountered[t.t] ?? 0) + first;
  }
  counts.deleted += deleted;
}

/** A batch's merge, then its deletions (which must see the rows the merge wrote): two ledgered steps. */
async function storeBatch(
  db: EntityDb,
  ids: RunIds,
  steps: { merge: number; deletions: number },
  batch: PreparedBatch,
  retry: <T>(operation: () => Promise<T>) => Promise<T>,
): Promise<{ merged: TypeTally[]; deleted: number }> {
  const merged = batch.rows > 0 ? await retry(() => mergeBatch(db, ids, steps.merge, batch)) : [];
  const deleted =
    batch.deletions.length > 0 ? await retry(() => deleteKeys(db, ids, steps.deletions, batch.deletions)) : 0;
  return { merged, deleted };
}

/** Runs the stream to its end (or until aborted). Throws the source's error; per-entity errors are only counted. */
export async function processStream(items: AsyncIterable<SourceItem>, opts: PipelineOptions): Promise<void> {
  const batchSize = opts.batchSize ?? 2000;
  const maxAge = opts.batchMaxAgeMs ?? 200;
  const sqlDb = new SqlEntityDb(opts.sql);
  // The run's own connection is opened only for a batch big enough for COPY to pay: a run of a few entities (and
  // a hundred of them starting at once) takes no extra connection.
  const copyDb = opts.copyUrl ? new CopyEntityDb(opts.copyUrl) : null;
  const db = (rows = 0): EntityDb => (copyDb && rows >= (opts.copyMinRows ?? COPY_MIN_ROWS) ? copyDb : sqlDb);
  const ids: RunIds = { syncId: opts.syncId, jobId: opts.jobId, runId: randomUUID() };
  const retry = <T>(operation: () => Promise<T>) => withDatabaseRetry(operation, { retrySeconds: opts.dbRetrySeconds });
  const failed = new FailedScopes();
  let steps = 0;
  // Writes run one at a time, in order (a batch's merge must see the stamps of the one before); a prepared batch may
  // wait behind the one being written while the source fills the next, and no more: bounded memory.
  let writing: Promise<void> = Promise.resolve();
  const queued: Promise<void>[] = [];

  const flush = async (current: SourceItem[]) => {
    const prepared = await prepareBatch(current, (failure) => recordFailure(opts, failed, failure));
    if (queued.length >= MAX_QUEUED_BATCHES) await queued.shift();
    const stepNos = { merge: ++steps, deletions: ++steps };
    writing = writing
      .then(() => storeBatch(db(prepared.rows), ids, stepNos, prepared, retry))
      .then(({ merged, deleted }) => addTally(opts.counts, prepared, merged, deleted));
    writing.catch(() => undefined); // awaited by a later flush or at the end
    queued.push(writing);
  };

  let sourceError: { error: unknown } | null = null;
  try {
    let batch: SourceItem[] = [];
    let batchStarted = Date.now();
    try {
      let sinceTurn = 0;
      for await (const item of items) {
        if (opts.signal.aborted) break;
        if (++sinceTurn === ITEMS_PER_TURN) {
          sinceTurn = 0;
          await nextTurn();
        }
        if (batch.length === 0) batchStarted = Date.now();
        batch.push(item);
        if (batch.length >= batchSize || Date.now() - batchStarted >= maxAge) {
          const current = batch;
          batch = [];
          await flush(current);
        }
      }
    } catch (error) {
      sourceError = { error };
    }
    // Whatever the source yielded before it stopped (or failed) is stored, and the counts wait for it, so a FAILED or
    // CANCELLED job reports exactly what it wrote.
    if (batch.length > 0 && !opts.signal.aborted) await flush(batch);
    await writing;
    if (sourceError) throw sourceError.error;
    if (opts.fullSync && !opts.signal.aborted)
      await sweepOrphans(
        { db: db(), ids, retry, signal: opts.signal, counts: opts.counts, failed, stepNo: () => ++steps },
        opts.errorSamples,
      );
    await retry(() => forgetSteps(db(), opts.jobId)).catch(() => undefined); // leftovers only cost a few rows
  } finally {
    await copyDb?.close();
  }
}
