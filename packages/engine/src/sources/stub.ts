// `stub`: an offline source of a deterministic mix of entity types, for demos, tests and benchmarks.
import { z } from "zod";
import { sleep } from "./sleep";
import { generateStubEntity, STUB_ENTITY_TYPES } from "./stub-content";
import { SourceError, type SourceDefinition } from "./types";

/** A demo source, not a load generator for the server's disk: 10⁷ entities is far past any demo or benchmark. */
export const MAX_STUB_ENTITIES = 10_000_000;

export const entityCountField = z
  .int()
  .min(0)
  .max(MAX_STUB_ENTITIES)
  .default(10)
  .describe("Number of entities to generate. Each run emits exactly this many.");

export const seedField = z
  .int()
  .default(42)
  .describe("Random seed. The same seed always produces the same entities (ids and content).");

export const generationDelayField = z
  .int()
  .min(0)
  .max(60_000)
  .default(0)
  .describe("Pause after each entity, in milliseconds, to simulate a slow source (0 = as fast as possible).");

export const stubConfigSchema = z.object({
  entity_count: entityCountField,
  seed: seedField,
  generation_delay_ms: generationDelayField,
  fail_after: z
    .int()
    .min(0)
    .max(MAX_STUB_ENTITIES)
    .nullish()
    .describe(
      "If set, the source fails the job after emitting this many entities (only if it is at most entity_count).",
    ),
});

export const stubSource: SourceDefinition<typeof stubConfigSchema> = {
  shortName: "stub",
  name: "Stub",
  description: "Generates a deterministic mix of documents, tasks, comments and files. No external system needed.",
  configSchema: stubConfigSchema,
  secretFields: [],
  entityTypes: STUB_ENTITY_TYPES,
  supportsContinuous: false,
  async *read({ config, signal, setExpectedTotal }) {
    const { entity_count: count, seed, generation_delay_ms: delay, fail_after: failAfter } = config;
    setExpectedTotal(count);
    for (let index = 0; index < count; index++) {
      if (signal.aborted) return;
      if (index === failAfter) throw stubFailure(failAfter);
      yield generateStubEntity(seed, index);
      if (delay > 0) await sleep(delay, signal);
    }
    if (count === failAfter && !signal.aborted) throw stubFailure(failAfter);
  },
};

function stubFailure(emitted: number): SourceError {
  return new SourceError(`Stub source failed on purpose after ${emitted} entities (config fail_after = ${emitted}).`);
}
