import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createSession, verifySession } from "@weft/auth";
import { openCredentials } from "@weft/db";
import { testBackend } from "@weft/db/testing";
import { waitForJob } from "@weft/engine/testing";
import { createCaller } from "./root";
import { callerFor, openTestEngine, type TestEngine } from "./testing";
import { createInnerContext } from "./trpc";
import { JOB, PUBLIC_STATUS } from "@weft/job-model";

let engine: TestEngine;
let acme: Awaited<ReturnType<typeof callerFor>>;
let other: Awaited<ReturnType<typeof callerFor>>;
beforeAll(async () => {
  engine = await openTestEngine("routers");
  acme = await callerFor(engine, "acme");
  other = await callerFor(engine, "other");
});
afterAll(() => engine.close());

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (e: unknown) => (e instanceof TRPCError ? e.code : `not a TRPCError: ${String(e)}`),
  );

describe(`tRPC routers (${testBackend})`, () => {
  it("refuses calls without an organization", async () => {
    const anonymous = createCaller(createInnerContext({ engine, principal: null }));
    expect(await code(anonymous.collections.list({}))).toBe("UNAUTHORIZED");
  });

  it("creates collections with readable ids, refuses duplicates, hides other organizations'", async () => {
    const made = await acme.caller.collections.create({ name: "Support tickets" });
    expect(made.readableId).toMatch(/^support-tickets-[a-z0-9]{6}$/);
    expect(made.status).toBe("NEEDS SOURCE");
    await acme.caller.collections.create({ name: "Named one", readableId: "named-one" });
    expect(await code(acme.caller.collections.create({ name: "Named two", readableId: "named-one" }))).toBe("CONFLICT");
    expect(await code(other.caller.collections.get({ readableId: "named-one" }))).toBe("NOT_FOUND");
    expect(await code(acme.caller.collections.create({ name: "abc" }))).toBe("BAD_REQUEST");
  });

  it("runs a connection end to end and refuses a second run while one is active", async () => {
    await acme.caller.collections.create({ name: "Runs collection", readableId: "runs" });
    const created = await acme.caller.sourceConnections.create({
      shortName: "stub",
      readableCollectionId: "runs",
      config: { entity_count: 300, seed: 1, generation_delay_ms: 2 },
      syncImmediately: true,
    });
    expect(created.lastJob?.status).toBe(JOB.PENDING);
    expect(await code(acme.caller.runs.start({ sourceConnectionId: created.id }))).toBe("CONFLICT");
    await waitForJob(engine.db.prisma, created.lastJob?.id ?? "", [JOB.COMPLETED]);

    const again = await acme.caller.runs.start({ sourceConnectionId: created.id, forceFullSync: true });
    const done = await waitForJob(engine.db.prisma, again.id, [JOB.COMPLETED]);
    expect(done.entitiesKept).toBe(300);
    const view = await acme.caller.sourceConnections.get({ id: created.id });
    // Weft's own view: the schedule's state and the last job's; Airweave's one-word status is @weft/rest's business.
    expect(view).not.toHaveProperty("status");
    expect(view).toMatchObject({
      sync: { status: "active" },
      lastJob: { status: JOB.COMPLETED },
      stats: { totalRuns: 2, successfulRuns: 2, failedRuns: 0 },
      entities: { total: 300 },
    });
    expect(Object.values(view.entities.byType).reduce((n, t) => n + t.count, 0)).toBe(300);

    // The job view (.output()) never shows the workers' lease, heartbeat, attempt or event sequence.
    for (const seen of [
      await acme.caller.jobs.get({ jobId: again.id }),
      created.lastJob,
      (await acme.caller.jobs.recent({ limit: 1 }))[created.id]?.items[0],
    ]) {
      expect(seen).toMatchObject({ syncName: expect.any(String) });
      for (const hidden of ["leaseOwner", "heartbeatAt", "attempt", "eventSeq"])
        expect(seen).not.toHaveProperty(hidden);
    }

    const page1 = await acme.caller.jobs.list({ sourceConnectionId: created.id, limit: 1 });
    expect(page1.items[0]?.id).toBe(again.id);
    const page2 = await acme.caller.jobs.list({
      sourceConnectionId: created.id,
      limit: 1,
      cursor: page1.nextCursor ?? undefined,
    });
    expect(page2.items[0]?.id).toBe(created.lastJob?.id);
    expect(page2.nextCursor).toBeNull();
    expect(
      (await acme.caller.jobs.list({ sourceConnectionId: created.id, status: PUBLIC_STATUS.FAILED })).items,
    ).toHaveLength(0);
    // The overview's one call: each connection's first page exactly as jobs.list answers it, nothing of others'.
    for (const limit of [1, 2]) {
      const recent = await acme.caller.jobs.recent({ limit });
      expect(recent[created.id]).toEqual(await acme.caller.jobs.list({ sourceConnectionId: created.id, limit }));
    }
    expect((await other.caller.jobs.recent({ limit: 10 }))[created.id]).toBeUndefined();

    expect(await code(other.caller.jobs.get({ jobId: again.id }))).toBe("NOT_FOUND");
    expect(await code(other.caller.runs.start({ sourceConnectionId: created.id }))).toBe("NOT_FOUND");
    expect(await code(acme.caller.runs.cancel({ jobId: again.id }))).toBe("CONFLICT");
  });

  it("validates source config per field and keeps secrets out of config", async () => {
    await acme.caller.collections.create({ name: "Secrets collection", readableId: "secrets" });
    const bad = acme.caller.sourceConnections.create({
      shortName: "stub",
      readableCollectionId: "secrets",
      config: { entity_count: "many" },
      syncImmediately: false,
    });
    await expect(bad).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/entity_count/) });
    expect(
      await code(
        acme.caller.sourceConnections.create({
          shortName: "nope",
          readableCollectionId: "secrets",
          syncImmediately: false,
          config: {},
        }),
      ),
    ).toBe("BAD_REQUEST");

    const made = await acme.caller.sourceConnections.create({
      shortName: "stub",
      readableCollectionId: "secrets",
      syncImmediately: false,
      config: {},
    });
    const pg = await acme.caller.sourceConnections.create({
      shortName: "postgresql",
      readableCollectionId: "secrets",
      config: { host: "db.example.com", database: "db", user: "u", password: "hunter2" },
      syncImmediately: false,
    });
    expect(JSON.stringify(pg)).not.toContain("hunter2");
    expect(pg.hasCredentials).toBe(true);
    const stored = await engine.db.prisma.sourceConnection.findUniqueOrThrow({ where: { id: pg.id } });
    const sealed = (stored.credentials as Record<string, string>).password;
    expect(sealed).toMatch(/^wsec1\./);
    expect(JSON.stringify(stored)).not.toContain("hunter2");
    expect(openCredentials(pg.id, stored.credentials)).toEqual({ password: "hunter2" });
    // Sealed values are bound to their row: copied to another connection they do not open.
    expect(() => openCredentials(made.id, stored.credentials)).toThrow(/altered or belongs to another row/);

    // An update that does not give the password keeps the stored value as it was; a new one is sealed afresh.
    await acme.caller.sourceConnections.update({ id: pg.id, config: { schema: "other" } });
    const kept = await engine.db.prisma.sourceConnection.findUniqueOrThrow({ where: { id: pg.id } });
    expect((kept.credentials as Record<string, string>).password).toBe(sealed);
    await acme.caller.sourceConnections.update({ id: pg.id, credentials: { password: "correct horse" } });
    const changed = await engine.db.prisma.sourceConnection.findUniqueOrThrow({ where: { id: pg.id } });
    expect(JSON.stringify(changed.credentials)).not.toContain("correct horse");
    expect(openCredentials(pg.id, changed.credentials)).toEqual({ password: "correct horse" });
  });

  it("caps a new key's expiry at its maker's; a key without expiry makes any key", async () => {
    const prisma = engine.db.prisma;
    const short = await createApiKey(prisma, {
      organizationId: acme.org.id,
      name: "short",
      expiresAt: new Date(Date.now() + 2 * 86_400_000),
    });
    const viaShort = createCaller(
      createInnerContext({
        engine,
        principal: { organizationId: acme.org.id, organizationName: acme.org.name, apiKeyId: short.id, via: "api_key" },
      }),
    );
    await expect(viaShort.apiKeys.create({ name: "longer", expiresInDays: 30 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/cannot expire later \(at most 1 days\)/),
    });
    expect((await viaShort.apiKeys.create({ name: "inherits" })).expiresAt).toEqual(short.expiresAt);
    const oneDay = await viaShort.apiKeys.create({ name: "one day", expiresInDays: 1 });
    expect(oneDay.expiresAt?.getTime()).toBeLessThan(short.expiresAt?.getTime() ?? 0);
    expect((await acme.caller.apiKeys.create({ name: "ten years", expiresInDays: 3650 })).expiresAt).toBeInstanceOf(
      Date,
    );
    expect((await acme.caller.apiKeys.create({ name: "forever" })).expiresAt).toBeNull();
  });

  it("refuses session-authenticated changes from another origin; revoking a key ends its sessions", async () => {
    const prisma = engine.db.prisma;
    const key = await createApiKey(prisma, { organizationId: acme.org.id, name: "browser" });
    const session = await createSession(prisma, key.id);
    const principal = await verifySession(prisma, session.token);
    expect(principal).toMatchObject({ apiKeyId: key.id, via: "session" });
    if (!principal) throw new Error("no session");
    const crossSite = createCaller(createInnerContext({ engine, principal, sameOrigin: false }));
    expect(await code(crossSite.apiKeys.list())).toBe("OK");
    expect(await code(crossSite.collections.create({ name: "Forged collection" }))).toBe("FORBIDDEN");
    const sameSite = createCaller(createInnerContext({ engine, principal, sameOrigin: true }));
    expect(await code(sameSite.collections.create({ name: "Own collection" }))).toBe("OK");

    // Idle and absolute expiry (defaults: 24 h without a request, 7 days in all); an ended session's row is deleted.
    const t0 = new Date("2030-01-01T00:00:00Z");
    const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
    const idle = await createSession(prisma, key.id, t0);
    expect(await verifySession(prisma, idle.token, at(23))).not.toBeNull(); // touches last_seen_at
    expect(await verifySession(prisma, idle.token, at(46))).not.toBeNull();
    expect(await verifySession(prisma, idle.token, at(46 + 25))).toBeNull();
    expect(await verifySession(prisma, idle.token, at(47))).toBeNull();
    const busy = await createSession(prisma, key.id, t0);
    for (let h = 20; h < 7 * 24; h += 20) expect(await verifySession(prisma, busy.token, at(h))).not.toBeNull();
    expect(await verifySession(prisma, busy.token, at(7 * 24))).toBeNull();

    await acme.caller.apiKeys.revoke({ id: key.id });
    expect(await prisma.session.count({ where: { apiKeyId: key.id } })).toBe(0);
    expect(await verifySession(prisma, session.token)).toBeNull();
  });

  it("refuses private destinations by field and variable, and drops a password whose host changed", async () => {
    await acme.caller.collections.create({ name: "Outbound collection", readableId: "outbound" });
    const base = { shortName: "postgresql", readableCollectionId: "outbound", syncImmediately: false };
    const local = acme.caller.sourceConnections.create({
      ...base,
      config: { host: "127.1", database: "db", user: "u" },
    });
    await expect(local).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/host.*loopback.*WEFT_OUTBOUND_ALLOW/),
    });
    const files = acme.caller.sourceConnections.create({ ...base, shortName: "filesystem", config: { path: "/etc" } });
    await expect(files).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/path.*WEFT_FILESYSTEM_ROOTS/),
    });

    const pg = await acme.caller.sourceConnections.create({
      ...base,
      config: { host: "db.example.com", database: "db", user: "u", password: "hunter2" },
    });
    const renamed = await acme.caller.sourceConnections.update({ id: pg.id, config: { batch_size: 10 } });
    expect(renamed.hasCredentials).toBe(true);
    const moved = await acme.caller.sourceConnections.update({ id: pg.id, config: { host: "db2.example.com" } });
    expect(moved.hasCredentials).toBe(false);
    await acme.caller.sourceConnections.update({
      id: pg.id,
      config: { user: "v" },
      credentials: { password: "new-one" },
    });
    const stored = await engine.db.prisma.sourceConnection.findUniqueOrThrow({ where: { id: pg.id } });
    expect(JSON.stringify(stored.credentials)).not.toContain("new-one");
    expect(openCredentials(pg.id, stored.credentials)).toEqual({ password: "new-one" });
    const sources = await acme.caller.sources.list();
    const path = sources.find((s) => s.shortName === "filesystem")?.configFields.find((f) => f.name === "path");
    expect(path?.description).toContain("WEFT_FILESYSTEM_ROOTS=");
  });

  it("sets, pauses and clears a schedule", async () => {
    await acme.caller.collections.create({ name: "Schedules collection", readableId: "schedules" });
    const c = await acme.caller.sourceConnections.create({
      shortName: "stub",
      readableCollectionId: "schedules",
      schedule: { cron: "*/5 * * * *" },
      syncImmediately: false,
      config: {},
    });
    expect(c.sync.cron).toBe("*/5 * * * *");
    expect(c.sync.nextRunAt).toBeInstanceOf(Date);
    const paused = await acme.caller.sourceConnections.pauseSchedule({ id: c.id });
    expect(paused).toMatchObject({ sync: { status: "paused", nextRunAt: null } });
    const resumed = await acme.caller.sourceConnections.resumeSchedule({ id: c.id });
    expect(resumed.sync.nextRunAt).toBeInstanceOf(Date);
    expect(await code(acme.caller.sourceConnections.setSchedule({ id: c.id, schedule: { cron: "every day" } }))).toBe(
      "BAD_REQUEST",
    );
    const cleared = await acme.caller.sourceConnections.update({ id: c.id, schedule: { cron: null } });
    expect(cleared.sync).toMatchObject({ cron: null, nextRunAt: null });
  });

  it("streams a job's progress, and resumes after a given event without loss or repeat", async () => {
    await acme.caller.collections.create({ name: "Streams collection", readableId: "streams" });
    const c = await acme.caller.sourceConnections.create({
      shortName: "stub",
      readableCollectionId: "streams",
      config: { entity_count: 1500, seed: 3, generation_delay_ms: 1 },
      syncImmediately: true,
    });
    const jobId = c.lastJob?.id ?? "";
    const seen: { seq: number; status: string }[] = [];
    for await (const envelope of await acme.caller.subscriptions.jobProgress({ jobId })) {
      const [, event] = envelope as unknown as [string, { seq: number; status: string }];
      seen.push({ seq: event.seq, status: event.status });
    }
    expect(seen.at(-1)?.status).toBe(JOB.COMPLETED);
    const seqs = seen.map((s) => s.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    const resumed: number[] = [];
    for await (const envelope of await acme.caller.subscriptions.jobProgress({ jobId, lastEventId: 2 })) {
      resumed.push((envelope as unknown as [string, { seq: number }])[1].seq);
    }
    const all = await engine.db.prisma.syncJobEvent.findMany({ where: { jobId }, orderBy: { seq: "asc" } });
    expect(resumed).toEqual(all.map((e) => e.seq).filter((s) => s > 2));
    const firstOf = async (iterable: AsyncIterable<unknown>) => {
      for await (const item of iterable) return item;
    };
    expect(await code(other.caller.subscriptions.jobProgress({ jobId }).then(firstOf))).toBe("NOT_FOUND");
  });
});

describe("input the database cannot store", () => {
  it("is refused as BAD_REQUEST, never a 500", async () => {
    expect(await code(acme.caller.collections.create({ name: "nul\u0000name" }))).toBe("BAD_REQUEST");
    expect(await code(acme.caller.collections.create({ name: "lone \ud800 surrogate" }))).toBe("BAD_REQUEST");
  });
});

describe("live delivery", () => {
  it("removes a subscriber at once when it goes away: nothing leaks after thousands of connects", async () => {
    await acme.caller.collections.create({ name: "Leak collection", readableId: "leaks" });
    const c = await acme.caller.sourceConnections.create({
      shortName: "stub",
      readableCollectionId: "leaks",
      config: { entity_count: 10 },
      syncImmediately: true,
    });
    const jobId = c.lastJob?.id ?? "";
    await waitForJob(engine.db.prisma, jobId, [JOB.COMPLETED]);
    const baseline = engine.bus.listenerCount();
    for (let i = 0; i < 2000; i++) {
      const abort = new AbortController();
      const caller = createCaller(
        createInnerContext({
          engine,
          principal: {
            organizationId: acme.org.id,
            organizationName: acme.org.name,
            apiKeyId: acme.key.id,
            via: "api_key",
          },
        }),
        { signal: abort.signal },
      );
      const stream = (await caller.subscriptions.orgActivity())[Symbol.asyncIterator]();
      const pending = stream.next();
      abort.abort();
      await pending;
    }
    expect(engine.bus.listenerCount()).toBe(baseline);
  });
});
