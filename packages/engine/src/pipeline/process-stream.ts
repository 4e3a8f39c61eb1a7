// The sync pipeline: pulls a source's items, groups them into micro-batches (by size or age), and per batch does one
// bulk hash lookup and one bulk write. At most `maxInflight` batches are being written while the next is filled, so a
// slow database slows the source down (backpressure) instead of buffering without bound.
import { setImmediate as nextTurn } from "node:timers/promises";
import { hashedEntity } from "../hash";
import type { Counts } from "../jobs/transitions";
import type { Sql } from "../jobs/sql";
import type { SourceItem } from "../sources/types";
import { MAX_ERROR_SAMPLES, type ErrorSample } from "./counts";
import { deleteEntities, keyOf, lookupHashes, storedKeyPages, upsertEntities, type EntityKey, type EntityWrite } from "./entity-store";

export type PipelineOptions = {
  sql: Sql;
  syncId: string;
  jobId: string;
  /** Full sync: stored entities not seen in this run are deleted afterwards (orphans). */
  fullSync: boolean;
  signal: AbortSignal;
  counts: Counts;
  errorSamples: ErrorSample[];
  batchSize?: number;
  batchMaxAgeMs?: number;
  /** Batches written concurrently: a few, so the next batch is prepared while one is written. */
  maxInflight?: number;
};

function recordFailure(opts: PipelineOptions, type: string, id: string, error: unknown, stage: string) {
  opts.counts.failed++;
  if (opts.errorSamples.length < MAX_ERROR_SAMPLES) {
    const err = error instanceof Error ? error : new Error(String(error));
    opts.errorSamples.push({ entity_type: type, entity_id: id, error_class: err.name, message: err.message, stage });
  }
}

/**
 * Items handled between two turns of the event loop. A source that yields synchronously (and hashing) would otherwise
 * run as one long chain of microtasks, and the process would answer no request until a batch had to wait.
 */
const ITEMS_PER_TURN = 200;

async function writeBatch(opts: PipelineOptions, batch: SourceItem[], seen: Set<string>): Promise<void> {
  const { counts } = opts;
  const fresh: EntityWrite[] = [];
  const deletions: EntityKey[] = [];
  for (const [index, item] of batch.entries()) {
    if (index % ITEMS_PER_TURN === ITEMS_PER_TURN - 1) await nextTurn();
    if (item.kind === "error") {
      recordFailure(opts, item.type, item.id, item.error, "source");
      continue;
    }
    if (item.kind === "deletion") {
      deletions.push({ type: item.type, id: item.id });
      continue;
    }
    const key = keyOf(item.type, item.id);
    if (seen.has(key)) {
      counts.skipped++;
      continue;
    }
    try {
      fresh.push({ type: item.type, id: item.id, ...hashedEntity(item) });
      seen.add(key);
      counts.encountered[item.type] = (counts.encountered[item.type] ?? 0) + 1;
    } catch (error) {
      recordFailure(opts, item.type, item.id, error, "hash");
    }
  }
  const stored = await lookupHashes(opts.sql, opts.syncId, fresh);
  const changed = fresh.filter((row) => stored.get(keyOf(row.type, row.id)) !== row.hash);
  await upsertEntities(opts.sql, opts.syncId, opts.jobId, changed);
  const deleted = await deleteEntities(opts.sql, opts.syncId, deletions);
  // Counts move only after the batch is stored, so they always match what the store holds from this job.
  for (const row of changed) {
    if (stored.has(keyOf(row.type, row.id))) counts.updated++;
    else counts.inserted++;
  }
  counts.kept += fresh.length - changed.length;
  counts.deleted += deleted;
}

/** Deletes stored entities this full sync did not see. */
async function deleteOrphans(opts: PipelineOptions, seen: Set<string>): Promise<void> {
  const orphans: EntityKey[] = [];
  for await (const page of storedKeyPages(opts.sql, opts.syncId)) {
    if (opts.signal.aborted) return;
    for (const key of page) if (!seen.has(keyOf(key.type, key.id))) orphans.push(key);
  }
  for (let i = 0; i < orphans.length; i += 5000) {
    if (opts.signal.aborted) return;
    opts.counts.deleted += await deleteEntities(opts.sql, opts.syncId, orphans.slice(i, i + 5000));
  }
}

/** Runs the stream to its end (or until aborted). Throws the source's error; per-entity errors are only counted. */
export async function processStream(items: AsyncIterable<SourceItem>, opts: PipelineOptions): Promise<void> {
  const batchSize = opts.batchSize ?? 2000;
  const maxAge = opts.batchMaxAgeMs ?? 200;
  const seen = new Set<string>();
  let batch: SourceItem[] = [];
  let batchStarted = Date.now();
  const inflight = new Set<Promise<void>>();
  const maxInflight = opts.maxInflight ?? 1;
  let writeError: unknown = null;
  const settle = async (limit: number) => {
    while (inflight.size > limit) await Promise.race(inflight);
    if (writeError) throw writeError;
  };

  const flush = async () => {
    const current = batch;
    batch = [];
    // Deletions must not overtake earlier writes of the same entities: they wait for every batch in flight.
    await settle(current.some((item) => item.kind === "deletion") ? 0 : maxInflight - 1);
    const write: Promise<void> = writeBatch(opts, current, seen)
      .catch((error: unknown) => {
        writeError ??= error;
      })
      .finally(() => inflight.delete(write));
    inflight.add(write);
  };

  let sourceError: unknown = null;
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
      if (batch.length >= batchSize || Date.now() - batchStarted >= maxAge) await flush();
    }
  } catch (error) {
    sourceError = error;
  }
  // Whatever the source yielded before it stopped (or failed) is stored, and the counts wait for it, so a FAILED or
  // CANCELLED job reports exactly what it wrote.
  if (batch.length > 0 && !opts.signal.aborted) await flush();
  await settle(0);
  if (sourceError) throw sourceError;
  if (opts.fullSync && !opts.signal.aborted) await deleteOrphans(opts, seen);
}
