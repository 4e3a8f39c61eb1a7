// The verified-key cache of principal.ts on a real database: a key revoked by another process (here: another
// database client, which has its own cache, as another process would) is refused once PRINCIPAL_TTL_MS has passed
// on this one's clock, and a revocation through this process's API is refused at once. The clock is a test clock
// moved by hand: the test follows events, not the wall clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, ensureOrganization, revokeApiKey } from "@weft/auth";
import { openDatabase, type Database } from "@weft/db";
import { testBackend } from "@weft/db/testing";
import { authenticate, PRINCIPAL_TTL_MS, useKeyCacheClock } from "./principal";
import { callerFor, openTestEngine, type TestEngine } from "./testing";

let engine: TestEngine;
let otherProcess: Database;
beforeAll(async () => {
  engine = await openTestEngine("principal-cache");
  otherProcess = await openDatabase({ kind: "postgres", url: engine.testDb.url }, { migrate: false });
});
afterAll(async () => {
  await otherProcess.close();
  await engine.close();
});

const withKey = (secret: string) => new Headers({ "x-api-key": secret });

describe(`verified API keys, cached for PRINCIPAL_TTL_MS (${testBackend})`, () => {
  it("refuses a key revoked by another process once the TTL has passed since it was verified here", async () => {
    const prisma = engine.db.prisma;
    const clock = { ms: 1_000_000, now: () => clock.ms };
    useKeyCacheClock(prisma, clock);
    const org = await ensureOrganization(prisma, "cache-acme");
    const key = await createApiKey(prisma, { organizationId: org.id, name: "cached" });

    const verified = await authenticate(prisma, withKey(key.secret), { session: false });
    expect(verified).toMatchObject({ organizationId: org.id, apiKeyId: key.id, via: "api_key" });
    expect(await revokeApiKey(otherProcess.prisma, org.id, key.id)).toBe(true);
    // The other process refuses it at once: it asks its database (its own cache has never seen the key).
    expect(await authenticate(otherProcess.prisma, withKey(key.secret), { session: false })).toBeNull();
    // This one trusted it less than the TTL ago, and the revocation came after: it answers from its cache...
    clock.ms += PRINCIPAL_TTL_MS;
    expect(await authenticate(prisma, withKey(key.secret), { session: false })).toMatchObject({ apiKeyId: key.id });
    // ...and asks the database again as soon as the TTL has passed: within the TTL of the revocation.
    clock.ms += 1;
    expect(await authenticate(prisma, withKey(key.secret), { session: false })).toBeNull();
    clock.ms += 10 * PRINCIPAL_TTL_MS;
    expect(await authenticate(prisma, withKey(key.secret), { session: false })).toBeNull(); // never cached as valid
  });

  it("refuses a key revoked through this process's API at once", async () => {
    const acme = await callerFor(engine, "cache-revoker");
    const made = await acme.caller.apiKeys.create({ name: "revoke me" });
    const prisma = engine.db.prisma;
    useKeyCacheClock(prisma, { now: () => 5_000_000 }); // time stands still: only the revocation can end it
    expect(await authenticate(prisma, withKey(made.secret), { session: false })).toMatchObject({ apiKeyId: made.id });
    await acme.caller.apiKeys.revoke({ id: made.id });
    expect(await authenticate(prisma, withKey(made.secret), { session: false })).toBeNull();
  });

  it("refuses unknown keys, and gives concurrent first requests with one key the same principal", async () => {
    const prisma = engine.db.prisma;
    useKeyCacheClock(prisma, { now: () => 9_000_000 });
    expect(await authenticate(prisma, withKey("weft_unknown"), { session: false })).toBeNull();
    const org = await ensureOrganization(prisma, "cache-concurrent");
    const key = await createApiKey(prisma, { organizationId: org.id, name: "concurrent" });
    const all = await Promise.all(
      Array.from({ length: 20 }, () => authenticate(prisma, withKey(key.secret), { session: false })),
    );
    expect(new Set(all.map((p) => p?.apiKeyId))).toEqual(new Set([key.id]));
  });
});
