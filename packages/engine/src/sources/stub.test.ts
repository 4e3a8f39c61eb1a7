import { describe, expect, it } from "vitest";
import { stubSource } from "./stub";
import { STUB_ENTITY_TYPES } from "./stub-content";
import { runSource } from "./testing";
import { SourceError } from "./types";

describe("stub source", () => {
  it("emits exactly entity_count entities with ids stub-<index> and reports the expected total", async () => {
    const run = await runSource(stubSource, { entity_count: 250, seed: 1 });
    expect(run.failure).toBeUndefined();
    expect(run.entities).toHaveLength(250);
    expect(run.items).toHaveLength(250);
    expect(run.expectedTotal).toBe(250);
    expect(run.entities.map((e) => e.id)).toEqual(Array.from({ length: 250 }, (_, i) => `stub-${i}`));
  });

  it("emits a mix of every stub entity type with realistic content", async () => {
    const run = await runSource(stubSource, { entity_count: 400, seed: 3 });
    const types = new Set(run.entities.map((e) => e.type));
    expect([...types].sort()).toEqual([...STUB_ENTITY_TYPES].sort());
    const document = run.entities.find((e) => e.type === "StubDocumentEntity");
    expect(document?.content).toMatchObject({ title: expect.any(String), body: expect.any(String) });
    const sizes = run.entities.map((e) => JSON.stringify(e.content).length);
    expect(Math.min(...sizes)).toBeGreaterThan(150);
    expect(Math.max(...sizes)).toBeGreaterThan(2000);
    for (const entity of run.entities) {
      expect(JSON.parse(JSON.stringify(entity.content))).toEqual(entity.content);
      expect(entity.content.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
      expect(new Date(entity.content.created_at as string).toISOString()).toBe(entity.content.created_at);
    }
  });

  it("is deterministic by seed: same seed → identical entities, different seed → different content", async () => {
    const a = await runSource(stubSource, { entity_count: 100, seed: 42 });
    const b = await runSource(stubSource, { entity_count: 100, seed: 42 });
    const c = await runSource(stubSource, { entity_count: 100, seed: 43 });
    expect(b.entities).toEqual(a.entities);
    expect(c.entities.map((e) => e.id)).toEqual(a.entities.map((e) => e.id));
    expect(c.entities).not.toEqual(a.entities);
    const same = a.entities.filter((e, i) => JSON.stringify(e) === JSON.stringify(c.entities[i])).length;
    expect(same).toBe(0);
  });

  it("keeps entity i the same whatever entity_count is", async () => {
    const small = await runSource(stubSource, { entity_count: 10, seed: 5 });
    const large = await runSource(stubSource, { entity_count: 30, seed: 5 });
    expect(large.entities.slice(0, 10)).toEqual(small.entities);
  });

  it("applies the defaults: 10 entities, seed 42", async () => {
    const defaults = await runSource(stubSource, {});
    const explicit = await runSource(stubSource, { entity_count: 10, seed: 42 });
    expect(defaults.entities).toHaveLength(10);
    expect(defaults.entities).toEqual(explicit.entities);
  });

  it("fails the job with a SourceError after exactly fail_after entities", async () => {
    const run = await runSource(stubSource, { entity_count: 20, fail_after: 7 });
    expect(run.entities).toHaveLength(7);
    expect(run.failure).toBeInstanceOf(SourceError);
    expect((run.failure as SourceError).category).toBe("source_error");
    expect((run.failure as SourceError).message).toContain("fail_after");
  });

  it("fail_after 0 fails before any entity; fail_after = entity_count fails after all of them", async () => {
    const zero = await runSource(stubSource, { entity_count: 5, fail_after: 0 });
    expect(zero.items).toHaveLength(0);
    expect(zero.failure).toBeInstanceOf(SourceError);
    const all = await runSource(stubSource, { entity_count: 5, fail_after: 5 });
    expect(all.entities).toHaveLength(5);
    expect(all.failure).toBeInstanceOf(SourceError);
    const never = await runSource(stubSource, { entity_count: 5, fail_after: 6 });
    expect(never.entities).toHaveLength(5);
    expect(never.failure).toBeUndefined();
  });

  it("rejects invalid config", () => {
    expect(stubSource.configSchema.safeParse({ entity_count: -1 }).success).toBe(false);
    expect(stubSource.configSchema.safeParse({ entity_count: 1.5 }).success).toBe(false);
    expect(stubSource.configSchema.safeParse({ generation_delay_ms: -5 }).success).toBe(false);
  });

  it("sleeps generation_delay_ms per entity and stops promptly when aborted mid-sleep", async () => {
    const slow = await runSource(stubSource, { entity_count: 3, generation_delay_ms: 40 });
    expect(slow.entities).toHaveLength(3);

    // A delay far longer than the test's timeout: the run can only return because the abort ended the sleep, and
    // exactly one entity proves the stub sleeps between entities instead of yielding them all at once.
    const controller = new AbortController();
    const run = await runSource(
      stubSource,
      { entity_count: 1000, generation_delay_ms: 60_000 },
      { signal: controller.signal, onItem: () => setTimeout(() => controller.abort(), 50) },
    );
    expect(controller.signal.aborted).toBe(true);
    expect(run.entities).toHaveLength(1);
    expect(run.failure).toBeUndefined();
  });

  it("stops without delay when aborted with no generation delay", async () => {
    const controller = new AbortController();
    const run = await runSource(
      stubSource,
      { entity_count: 1_000_000 },
      { signal: controller.signal, onItem: (_, index) => index === 99 && controller.abort() },
    );
    expect(run.entities).toHaveLength(100);
  });
});
