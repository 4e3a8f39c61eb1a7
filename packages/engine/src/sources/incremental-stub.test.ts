import { describe, expect, it } from "vitest";
import { createAccessPolicy } from "../access";
import { incrementalStubSource } from "./incremental-stub";
import { stubSource } from "./stub";
import { runSource } from "./testing";

describe("incremental_stub source", () => {
  it("reads everything without a cursor and saves the last index", async () => {
    const run = await runSource(incrementalStubSource, { entity_count: 25, seed: 9 });
    expect(run.entities).toHaveLength(25);
    expect(run.expectedTotal).toBe(25);
    expect(run.cursor).toEqual({ last_index: 24 });
  });

  it("emits the same content as stub for the same seed", async () => {
    const incremental = await runSource(incrementalStubSource, { entity_count: 20, seed: 11 });
    const stub = await runSource(stubSource, { entity_count: 20, seed: 11 });
    expect(incremental.entities).toEqual(stub.entities);
  });

  it("with a cursor, emits only the entities after it: raising entity_count adds only the new ones", async () => {
    const first = await runSource(incrementalStubSource, { entity_count: 10, seed: 9 });
    const second = await runSource(incrementalStubSource, { entity_count: 15, seed: 9 }, { cursor: first.cursor });
    expect(second.entities.map((e) => e.id)).toEqual(["stub-10", "stub-11", "stub-12", "stub-13", "stub-14"]);
    expect(second.expectedTotal).toBe(5);
    expect(second.cursor).toEqual({ last_index: 14 });
    const full = await runSource(incrementalStubSource, { entity_count: 15, seed: 9 });
    expect(second.entities).toEqual(full.entities.slice(10));
  });

  it("emits nothing and keeps the cursor when nothing is new", async () => {
    const run = await runSource(incrementalStubSource, { entity_count: 10 }, { cursor: { last_index: 9 } });
    expect(run.items).toHaveLength(0);
    expect(run.expectedTotal).toBe(0);
    expect(run.cursor).toEqual({ last_index: 9 });
  });

  it("advances the cursor as it goes, so it matches the entities emitted so far", async () => {
    const cursors: unknown[] = [];
    const config = incrementalStubSource.configSchema.parse({ entity_count: 4 });
    const stream = incrementalStubSource.read({
      config,
      credentials: {},
      cursor: null,
      setCursor: (cursor) => cursors.push(cursor),
      signal: new AbortController().signal,
      setExpectedTotal: () => {},
      access: createAccessPolicy(),
    });
    for await (const item of stream) expect(item.kind).toBe("entity");
    expect(cursors).toEqual([0, 1, 2, 3].map((last_index) => ({ last_index })));
  });

  it("treats a cursor that is not its own as absent (reads everything)", async () => {
    const run = await runSource(incrementalStubSource, { entity_count: 3 }, { cursor: { something: "else" } });
    expect(run.entities).toHaveLength(3);
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    const run = await runSource(
      incrementalStubSource,
      { entity_count: 100_000 },
      { signal: controller.signal, onItem: (_, index) => index === 9 && controller.abort() },
    );
    expect(run.entities).toHaveLength(10);
    expect(run.cursor).toEqual({ last_index: 9 });
  });
});
