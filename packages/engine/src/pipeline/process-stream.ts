// The sync pipeline: pulls a source's items, groups them into micro-batches (by size or age), and per batch does one
// bulk hash lookup and one bulk write. At most `maxInflight` batches are being written while the next is filled, so a
// slow database slows the source down (backpressure) instead of buffering without bound.
import { setImmediate as nextTurn } from "node:timers/promises";
import { withDatabaseRetry } from "@weft/db";
import { hashedEntity } from "../hash";
import type { Counts } from "../jobs/transitions";
import type { Sql } from "../jobs/sql";
import type { SourceItem } from "../sources/types";
import { MAX_ERROR_SAMPLES, type ErrorSample } from "./counts";
import { FailedScopes } from "./failed-scopes";
import {
  deleteEntities,
  keyOf,
  lookupHashes,
  storedKeyPages,
  upsertEntities,
  type EntityKey,
  type EntityWrite,
} from "./entity-store";

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
  /** How long a batch is retried while the database is unreachable (default WEFT_DB_RETRY_SECONDS). */
  dbRetrySeconds?: number;
};

/**
 * Runs a store operation, retrying it while the database is unreachable. `retried` says whether an attempt failed:
 * then a write may have committed without the answer arriving, so callers count from what they knew beforehand.
 */
async function stored<T>(opts: PipelineOptions, operation: () => Promise<T>): Promise<{ value: T; retried: boolean }> {
  let retried = false;
  const value = await withDatabaseRetry(operation, {
    retrySeconds: opts.dbRetrySeconds,
    onRetry: () => (retried = true),
  });
  return { value, retried };
}

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

async function writeBatch(
  opts: PipelineOptions,
  batch: SourceItem[],
  seen: Set<string>,
  failed: FailedScopes,
): Promise<void> {
  const { counts } = opts;
  const fresh: EntityWrite[] = [];
  const deletions: EntityKey[] = [];
  for (const [index, item] of batch.entries()) {
    if (index % ITEMS_PER_TURN === ITEMS_PER_TURN - 1) await nextTurn();
    if (item.kind === "error") {
      recordFailure(opts, item.type, item.id, item.error, "source");
      failed.add(item);
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
      failed.add(item);
    }
  }
  // Every step is idempotent, so a batch that meets a dropped connection is simply run again (the lookup is a read;
  // the counts come from it, so a retried write that had in fact committed is not counted twice or as kept).
  const known = (await stored(opts, () => lookupHashes(opts.sql, opts.syncId, [...fresh, ...deletions]))).value;
  const changed = fresh.filter((row) => known.get(keyOf(row.type, row.id)) !== row.hash);
  await stored(opts, () => upsertEntities(opts.sql, opts.syncId, opts.jobId, changed));
  const deletion = await stored(opts, () => deleteEntities(opts.sql, opts.syncId, deletions));
  const existed = new Set([...known.keys(), ...changed.map((row) => keyOf(row.type, row.id))]);
  const deleted = deletion.retried
    ? new Set(deletions.map((k) => keyOf(k.type, k.id)).filter((k) => existed.has(k))).size
    : deletion.value;
  // Counts move only after the batch is stored, so they always match what the store holds from this job.
  for (const row of changed) {
    if (known.has(keyOf(row.type, row.id))) counts.updated++;
    else counts.inserted++;
  }
  counts.kept += fresh.length - changed.length;
  counts.deleted += deleted;
}

/** Deletes stored entities this full sync did not see, except those inside a part of the source that failed. */
async function deleteOrphans(opts: PipelineOptions, seen: Set<string>, failed: FailedScopes): Promise<void> {
  const orphans: EntityKey[] = [];
  for await (const page of storedKeyPages(opts.sql, opts.syncId, (read) =>
    withDatabaseRetry(read, { retrySeconds: opts.dbRetrySeconds }),
  )) {
    if (opts.signal.aborted) return;
    for (const key of page) {
      if (seen.has(keyOf(key.type, key.id))) continue;
      if (failed.size > 0 && failed.covers(key)) failed.kept++;
      else orphans.push(key);
    }
  }
  if (failed.kept > 0) {
    // Said once, beyond the sample limit: the job's error_details must tell why orphans were not all deleted.
    opts.errorSamples.push({
      entity_type: "*",
      entity_id: "*",
      error_class: "OrphansKept",
      message: `Kept ${failed.kept} stored entities not seen in this full sync because their part of the source failed to read; the next full sync that reads it removes what is really gone.`,
      stage: "orphans",
    });
  }
  for (let i = 0; i < orphans.length; i += 5000) {
    if (opts.signal.aborted) return;
    const chunk = orphans.slice(i, i + 5000);
    // Listed just now by the one job of this sync: after a retry, all of them are gone.
    const deletion = await stored(opts, () => deleteEntities(opts.sql, opts.syncId, chunk));
    opts.counts.deleted += deletion.retried ? chunk.length : deletion.value;
  }
}

/** Runs the stream to its end (or until aborted). Throws the source's error; per-entity errors are only counted. */
export async function processStream(items: AsyncIterable<SourceItem>, opts: PipelineOptions): Promise<void> {
  const batchSize = opts.batchSize ?? 2000;
  const maxAge = opts.batchMaxAgeMs ?? 200;
  const seen = new Set<string>();
  const failed = new FailedScopes();
  let batch: SourceItem[] = [];
  let batchStarted = Date.now();
  const inflight = new Set<Promise<void>>();
  const maxInflight = opts.maxInflight ?? 1;
  let writeError: { error: unknown } | null = null;
  const settle = async (limit: number) => {
    while (inflight.size > limit) await Promise.race(inflight);
    if (writeError) throw writeError.error;
  };

  const flush = async () => {
    const current = batch;
    batch = [];
    // Deletions must not overtake earlier writes of the same entities: they wait for every batch in flight.
    await settle(current.some((item) => item.kind === "deletion") ? 0 : maxInflight - 1);
    const write: Promise<void> = writeBatch(opts, current, seen, failed)
      .catch((error: unknown) => {
        writeError ??= { error };
      })
      .finally(() => inflight.delete(write));
    inflight.add(write);
  };

  let sourceError: { error: unknown } | null = null;
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
    sourceError = { error };
  }
  // Whatever the source yielded before it stopped (or failed) is stored, and the counts wait for it, so a FAILED or
  // CANCELLED job reports exactly what it wrote.
  if (batch.length > 0 && !opts.signal.aborted) await flush();
  await settle(0);
  if (sourceError) throw sourceError.error;
  if (opts.fullSync && !opts.signal.aborted) await deleteOrphans(opts, seen, failed);
}
