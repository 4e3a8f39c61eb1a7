// Turns a batch of source items into what one write needs: COPY text rows (type, id, hash, payload) with each key once,
// the deletions, and the per-entity failures and repeats within the batch (counted by the caller).
import { setImmediate as nextTurn } from "node:timers/promises";
import { hashedEntity } from "../hash";
import type { SourceItem } from "../sources/types";
import type { EntityKey } from "./entity-store";

export type PreparedBatch = {
  /** Entity rows staged (each key once). */
  rows: number;
  copyText: string;
  /** The same rows as one JSON array, for a server without COPY FROM STDIN. */
  jsonRows: () => string;
  deletions: EntityKey[];
  /** Repeats of a key already in this batch. */
  skipped: number;
};

export type ItemFailure = { item: Extract<SourceItem, { kind: "entity" | "error" }>; error: unknown; stage: string };

/**
 * Items handled between two turns of the event loop. A source that yields synchronously (and hashing) would otherwise
 * run as one long chain of microtasks, and the process would answer no request until a batch had to wait.
 */
export const ITEMS_PER_TURN = 200;

/** COPY text format: backslash, tab, newline and carriage return are escaped. */
function copyField(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"))
    : value;
}

export async function prepareBatch(batch: SourceItem[], onFailure: (failure: ItemFailure) => void) {
  const inBatch = new Set<string>();
  const lines: string[] = [];
  const rows: { t: string; i: string; h: string; p: string }[] = [];
  const deletions: EntityKey[] = [];
  let skipped = 0;
  for (const [index, item] of batch.entries()) {
    if (index % ITEMS_PER_TURN === ITEMS_PER_TURN - 1) await nextTurn();
    if (item.kind === "error") {
      onFailure({ item, error: item.error, stage: "source" });
      continue;
    }
    if (item.kind === "deletion") {
      deletions.push({ type: item.type, id: item.id });
      continue;
    }
    const key = `${item.type}\u0000${item.id}`;
    if (inBatch.has(key)) {
      skipped++;
      continue;
    }
    try {
      const { json, hash } = hashedEntity(item);
      inBatch.add(key);
      lines.push(`${copyField(item.type)}\t${copyField(item.id)}\t${hash}\t${copyField(json)}\n`);
      rows.push({ t: item.type, i: item.id, h: hash, p: json });
    } catch (error) {
      onFailure({ item, error, stage: "hash" });
    }
  }
  const prepared: PreparedBatch = {
    rows: lines.length,
    copyText: lines.join(""),
    jsonRows: () => JSON.stringify(rows),
    deletions,
    skipped,
  };
  return prepared;
}
