// The verified-key cache of principal.ts on a real database: a key revoked by another process (here: another
// database client, which has its own cache, as another process would) is refused once PRINCIPAL_TTL_MS has passed
// on this one's clock (a revocation through this process's API is refused at once: hot-path.test.ts). The clock is
// a test clock moved by hand: the test follows events, not the wall clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, ensureOrganization, revokeApiKey } from "@weft/auth";
import { openDatabase, type Database } from "@weft/db";
import { openTestDatabase, testBackend, type TestDatabase } from "@weft/db/testing";
import { authenticate, PRINCIPAL_TTL_MS, useKeyCacheClock } from "./principal";

let thisProcess: TestDatabase;
let otherProcess: Database;
beforeAll(async () => {
  thisProcess = await openTestDatabase("principal-cache");
  otherProcess = await openDatabase({ kind: "postgres", url: thisProcess.url }, { migrate: false });
});
afterAll(async () => {
  await otherProcess.close();
  await thisProcess.cleanup();
});

const withKey = (secret: string) => new Headers({ "x-api-key": secret });

describe(`verified API keys, cached for PRINCIPAL_TTL_MS (${testBackend})`, () => {
  it("refuses a key revoked by another process once the TTL has passed since it was verified here", async () => {
    const prisma = thisProcess.prisma;
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

  it("refuses unknown keys, and gives concurrent first requests with one key the same principal", async () => {
    const prisma = thisProcess.prisma;
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
