// `incremental_stub`: the stub content with a cursor (the last index emitted), so raising entity_count and running
// again emits only the new entities.
import { z } from "zod";
import { sleep } from "./sleep";
import { entityCountField, generationDelayField, seedField } from "./stub";
import { generateStubEntity, STUB_ENTITY_TYPES } from "./stub-content";
import type { JsonValue, SourceDefinition } from "./types";

export const incrementalStubConfigSchema = z.object({
  entity_count: entityCountField,
  seed: seedField,
  generation_delay_ms: generationDelayField,
});

/** The cursor this source saves: the index of the last entity emitted. */
const incrementalStubCursorSchema = z.object({ last_index: z.int().min(-1) });
type IncrementalStubCursor = z.infer<typeof incrementalStubCursorSchema>;

/** The stored cursor, or null when there is none or it is not one of ours (then everything is read). */
function parseCursor(cursor: JsonValue | null): IncrementalStubCursor | null {
  const parsed = incrementalStubCursorSchema.safeParse(cursor);
  return parsed.success ? parsed.data : null;
}

export const incrementalStubSource: SourceDefinition<typeof incrementalStubConfigSchema> = {
  shortName: "incremental_stub",
  name: "Incremental Stub",
  description:
    "Like Stub, but keeps a cursor (the last entity index): raising entity_count and running again adds only the new entities.",
  configSchema: incrementalStubConfigSchema,
  secretFields: [],
  entityTypes: STUB_ENTITY_TYPES,
  supportsContinuous: true,
  cursorField: () => "last_index",
  async *read({ config, cursor, setCursor, signal, setExpectedTotal }) {
    const stored = parseCursor(cursor);
    const start = stored ? stored.last_index + 1 : 0;
    if (stored) setCursor({ last_index: stored.last_index });
    setExpectedTotal(Math.max(0, config.entity_count - start));
    for (let index = start; index < config.entity_count; index++) {
      if (signal.aborted) return;
      yield generateStubEntity(config.seed, index);
      setCursor({ last_index: index });
      if (config.generation_delay_ms > 0) await sleep(config.generation_delay_ms, signal);
    }
  },
};
