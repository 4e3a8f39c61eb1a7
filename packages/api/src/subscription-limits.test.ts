// Subscriptions under hostile use, through the tRPC procedures themselves: WEFT_SSE_MAX_PER_ORG per organization
// (TOO_MANY_REQUESTS past it, slots given back when a stream ends), and a subscriber that stops pulling is dropped.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { waitForJob } from "@weft/engine/testing";
import { createCaller } from "./root";
import { callerFor, openTestEngine, type TestEngine } from "./testing";
import { createInnerContext } from "./trpc";
import { JOB } from "@weft/job-model";

let engine: TestEngine;
let acme: Awaited<ReturnType<typeof callerFor>>;
let other: Awaited<ReturnType<typeof callerFor>>;
beforeAll(async () => {
  engine = await openTestEngine("subscription-limits", { sseMaxPerOrg: 2, streamMaxPendingEvents: 2 });
  acme = await callerFor(engine, "acme-subs");
  other = await callerFor(engine, "other-subs");
});
afterAll(() => engine.close());

type Who = Awaited<ReturnType<typeof callerFor>>;
/** orgActivity as a request would open it: its signal aborts when the client goes away. */
function orgActivity(who: Who, signal?: AbortSignal) {
  const principal = {
    organizationId: who.org.id,
    organizationName: who.org.name,
    apiKeyId: who.key.id,
    via: "api_key" as const,
  };
  return createCaller(createInnerContext({ engine, principal }), { signal }).subscriptions.orgActivity(undefined);
}

describe(`subscription limits (${testBackend})`, () => {
  it("refuses subscription number WEFT_SSE_MAX_PER_ORG + 1 with TOO_MANY_REQUESTS, per organization, until one ends", async () => {
    const aborts = [new AbortController(), new AbortController()];
    const streams = [];
    for (const abort of aborts) streams.push(await orgActivity(acme, abort.signal));
    const refused = await orgActivity(acme).then(
      () => "OK",
      (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
    );
    expect(refused).toBe("TOO_MANY_REQUESTS");
    expect(engine.streams.inUse(acme.org.id)).toBe(2);
    await orgActivity(other, aborts[0]?.signal);
    for (const abort of aborts) abort.abort();
    expect(engine.streams.inUse(acme.org.id)).toBe(0);
    expect(streams.length).toBe(2);
  });

  it("drops a subscriber that stops pulling once more events than the bound wait for it", async () => {
    const listenersBefore = engine.bus.listenerCount();
    const abort = new AbortController();
    const events = await orgActivity(acme, abort.signal);
    const iterator = events[Symbol.asyncIterator]();
    const first = iterator.next(); // starts the stream; nothing is pulled after this
    await expect.poll(() => engine.bus.listenerCount()).toBeGreaterThan(listenersBefore);
    await acme.caller.collections.create({ name: "Drop collection", readableId: "drop-subs" });
    const created = await acme.caller.sourceConnections.create({
      shortName: "stub",
      readableCollectionId: "drop-subs",
      config: { entity_count: 50, generation_delay_ms: 20 },
      syncImmediately: true,
    });
    await waitForJob(engine.db.prisma, created.lastJob?.id ?? "", [JOB.COMPLETED]);
    // PENDING, RUNNING, progress and COMPLETED events: more than 2 waited unread, so the subscriber let go of the bus.
    await expect.poll(() => engine.bus.listenerCount()).toBe(listenersBefore);
    expect((await first).done).toBe(false);
    abort.abort();
  });
});
