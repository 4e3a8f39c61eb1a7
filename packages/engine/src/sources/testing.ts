// Runs a source the way the pipeline does, for tests: config parsed by its schema, cursor and totals recorded.
import { createAccessPolicy, type AccessPolicy } from "../access";
import type { JsonValue, SourceDefinition, SourceEntity, SourceItem } from "./types";

export type SourceRun = {
  items: SourceItem[];
  entities: SourceEntity[];
  errors: Extract<SourceItem, { kind: "error" }>[];
  /** The last cursor set (what a COMPLETED job would save), or null. */
  cursor: JsonValue | null;
  expectedTotal: number | null;
  /** What the stream threw, if it failed. */
  failure: unknown;
};

export type RunOptions = {
  cursor?: JsonValue | null;
  credentials?: Record<string, string>;
  signal?: AbortSignal;
  /** What the source may reach; default: nothing (no outbound allowance, no filesystem root). */
  access?: AccessPolicy;
  /** Called for each item as it arrives. */
  onItem?(item: SourceItem, index: number): void;
};

export async function runSource(
  source: SourceDefinition,
  rawConfig: unknown,
  options: RunOptions = {},
): Promise<SourceRun> {
  const run: SourceRun = { items: [], entities: [], errors: [], cursor: null, expectedTotal: null, failure: undefined };
  const stream = source.read({
    config: source.configSchema.parse(rawConfig),
    credentials: options.credentials ?? {},
    cursor: options.cursor ?? null,
    setCursor: (cursor) => {
      run.cursor = cursor;
    },
    signal: options.signal ?? new AbortController().signal,
    setExpectedTotal: (total) => {
      run.expectedTotal = total;
    },
    access: options.access ?? createAccessPolicy(),
  });
  try {
    for await (const item of stream) {
      options.onItem?.(item, run.items.length);
      run.items.push(item);
      if (item.kind === "entity") run.entities.push(item);
      if (item.kind === "error") run.errors.push(item);
    }
  } catch (error) {
    run.failure = error;
  }
  return run;
}
