import { describe, expect, it } from "vitest";
import { exceptionStubSource } from "./exception-stub";
import { stubSource } from "./stub";
import { runSource } from "./testing";
import { SourceError } from "./types";

describe("exception_stub source", () => {
  it("by default fails the job with a SourceError after 5 of 10 entities", async () => {
    const run = await runSource(exceptionStubSource, {});
    expect(run.entities).toHaveLength(5);
    expect(run.failure).toBeInstanceOf(SourceError);
    expect((run.failure as SourceError).message).toContain("Simulated failure");
  });

  it("fails after exactly fail_after items with the configured message", async () => {
    const run = await runSource(exceptionStubSource, { entity_count: 50, fail_after: 12, error_message: "Boom" });
    expect(run.items).toHaveLength(12);
    expect(run.failure).toBeInstanceOf(SourceError);
    expect((run.failure as SourceError).message).toMatch(/^Boom/);
  });

  it("reports every fail_every-th item as a per-entity error and goes on", async () => {
    const run = await runSource(exceptionStubSource, {
      entity_count: 20,
      fail_after: null,
      fail_every: 4,
      error_message: "Bad row",
    });
    expect(run.failure).toBeUndefined();
    expect(run.items).toHaveLength(20);
    expect(run.errors.map((e) => e.id)).toEqual(["stub-3", "stub-7", "stub-11", "stub-15", "stub-19"]);
    expect(run.entities).toHaveLength(15);
    for (const error of run.errors) {
      expect(error.error).toBeInstanceOf(Error);
      expect(error.error.message).toContain("Bad row");
      expect(error.type).toMatch(/^Stub\w+Entity$/);
    }
    const stub = await runSource(stubSource, { entity_count: 20 });
    expect(run.entities).toEqual(stub.entities.filter((_, i) => (i + 1) % 4 !== 0));
  });

  it("combines per-entity errors with a job failure", async () => {
    const run = await runSource(exceptionStubSource, { entity_count: 20, fail_after: 6, fail_every: 2 });
    expect(run.items).toHaveLength(6);
    expect(run.errors).toHaveLength(3);
    expect(run.failure).toBeInstanceOf(SourceError);
  });

  it("completes when fail_after is null and fail_every unset", async () => {
    const run = await runSource(exceptionStubSource, { entity_count: 8, fail_after: null });
    expect(run.entities).toHaveLength(8);
    expect(run.failure).toBeUndefined();
  });
});
