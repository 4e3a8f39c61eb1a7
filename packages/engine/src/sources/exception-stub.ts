// `exception_stub`: the stub content with injected failures: per-entity errors every Nth item and/or a source
// error that fails the whole job after N items.
import { z } from "zod";
import { entityCountField, MAX_STUB_ENTITIES, seedField } from "./stub";
import { generateStubEntity, STUB_ENTITY_TYPES } from "./stub-content";
import { SourceError, type SourceDefinition } from "./types";

export const exceptionStubConfigSchema = z.object({
  entity_count: entityCountField,
  seed: seedField,
  fail_after: z
    .int()
    .min(0)
    .max(MAX_STUB_ENTITIES)
    .nullable()
    .default(5)
    .describe(
      "Fail the whole job after this many items (entities and per-entity errors); null = never. " +
        "Only takes effect if it is at most entity_count.",
    ),
  fail_every: z
    .int()
    .min(1)
    .max(MAX_STUB_ENTITIES)
    .nullish()
    .describe("If set, every Nth item (the Nth, 2Nth, …) is reported as a failed entity instead of an entity."),
  error_message: z
    .string()
    .min(1)
    .max(1000)
    .default("Simulated failure from exception_stub")
    .describe("Message of the injected errors."),
});

export const exceptionStubSource: SourceDefinition<typeof exceptionStubConfigSchema> = {
  shortName: "exception_stub",
  name: "Exception Stub",
  description: "Like Stub, but fails on purpose: per-entity errors and/or a source error that fails the job.",
  configSchema: exceptionStubConfigSchema,
  secretFields: [],
  entityTypes: STUB_ENTITY_TYPES,
  supportsContinuous: false,
  async *read({ config, signal, setExpectedTotal }) {
    const { entity_count: count, seed, fail_after: failAfter, fail_every: failEvery, error_message: message } = config;
    setExpectedTotal(count);
    for (let index = 0; index < count; index++) {
      if (signal.aborted) return;
      if (index === failAfter) throw jobFailure(message, failAfter);
      const entity = generateStubEntity(seed, index);
      if (failEvery && (index + 1) % failEvery === 0) {
        yield { kind: "error", type: entity.type, id: entity.id, error: new Error(`${message} (item ${index + 1})`) };
      } else {
        yield entity;
      }
    }
    if (count === failAfter && !signal.aborted) throw jobFailure(message, failAfter);
  },
};

function jobFailure(message: string, emitted: number): SourceError {
  return new SourceError(`${message} (after ${emitted} items, config fail_after = ${emitted})`);
}
