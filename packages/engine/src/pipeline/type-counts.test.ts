// entity_type_count, kept by the pipeline, equals a fresh GROUP BY over the stored entities after every kind of run:
// first run, update, explicit deletion, orphan sweep, and a run whose source failed halfway. Small batches, so keys
// repeat across batches (skipped by the run's stamp, not by memory); on PostgreSQL every batch goes through COPY.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { createConnection, openTestEngine, type TestEngine } from "../testing";
import type { SourceItem } from "../sources/types";
import { emptyCounts } from "./counts";
import { processStream } from "./process-stream";

let engine: TestEngine;
beforeAll(async () => {
  engine = await openTestEngine("typecounts");
});
afterAll(async () => {
  await engine.close();
});

const entity = (type: string, id: string, v = 1): SourceItem => ({ kind: "entity", type, id, content: { id, v } });
const deletion = (type: string, id: string): SourceItem => ({ kind: "deletion", type, id });

describe(`per-type entity counts (${testBackend})`, () => {
  it("equal a GROUP BY after first run, update, deletion, sweep and a failed run", async () => {
    const prisma = engine.db.prisma;
    const { connection, sync } = await createConnection(prisma, "stub", { entity_count: 0 });
    const job = await prisma.syncJob.create({
      data: { syncId: sync.id, sourceConnectionId: connection.id, organizationId: connection.organizationId },
    });
    const run = async (items: SourceItem[], options: { fullSync?: boolean; failAfter?: boolean } = {}) => {
      const counts = emptyCounts();
      async function* stream() {
        for (const item of items) yield await Promise.resolve(item);
        if (options.failAfter) throw new Error("source went away");
      }
      const done = processStream(stream(), {
        sql: prisma,
        copyUrl: engine.db.target.kind === "postgres" ? engine.db.url : undefined,
        copyMinRows: 1, // every batch through COPY on PostgreSQL
        syncId: sync.id,
        jobId: job.id,
        fullSync: options.fullSync ?? true,
        signal: new AbortController().signal,
        counts,
        errorSamples: [],
        batchSize: 3,
      });
      if (options.failAfter) await expect(done).rejects.toThrow("source went away");
      else await done;
      return counts;
    };
    const kept = async () =>
      Object.fromEntries(
        (await prisma.entityTypeCount.findMany({ where: { syncId: sync.id, count: { gt: 0 } } })).map((c) => [
          c.entityType,
          c.count,
        ]),
      );
    const grouped = async () =>
      Object.fromEntries(
        (await prisma.entity.groupBy({ by: ["entityType"], where: { syncId: sync.id }, _count: { _all: true } })).map(
          (g) => [g.entityType, g._count._all],
        ),
      );

    const first = ["a", "b", "c", "d"]
      .map((id) => entity("Doc", id))
      .concat([entity("Task", "t1"), entity("Doc", "a")]);
    expect(await run(first)).toMatchObject({ inserted: 5, skipped: 1, encountered: { Doc: 4, Task: 1 } });
    expect(await kept()).toEqual({ Doc: 4, Task: 1 });
    expect(await kept()).toEqual(await grouped());

    const second = [entity("Doc", "a", 2), entity("Doc", "b"), entity("Task", "t1"), entity("Task", "t2")];
    second.push(entity("Doc", "c"), deletion("Doc", "d"), entity("Doc", "b", 3));
    expect(await run(second, { fullSync: false })).toMatchObject({
      inserted: 1,
      updated: 1,
      kept: 3,
      deleted: 1,
      skipped: 1,
    });
    expect(await kept()).toEqual({ Doc: 3, Task: 2 });
    expect(await kept()).toEqual(await grouped());

    // A full sync that sees only Doc a: the rest are orphans, swept and counted per type.
    expect(await run([entity("Doc", "a", 2)])).toMatchObject({ kept: 1, deleted: 4 });
    expect(await kept()).toEqual({ Doc: 1 });
    expect(await kept()).toEqual(await grouped());

    // The source fails after a few new entities: what was stored is counted, nothing is swept.
    const failing = [entity("Note", "n1"), entity("Note", "n2"), entity("Doc", "e"), entity("Note", "n3")];
    expect(await run(failing, { failAfter: true })).toMatchObject({ inserted: 4, deleted: 0 });
    expect(await kept()).toEqual({ Doc: 2, Note: 3 });
    expect(await kept()).toEqual(await grouped());
  });
});
