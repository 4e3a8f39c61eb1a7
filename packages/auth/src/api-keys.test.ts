import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testBackend, type TestDatabase } from "@weft/db/testing";
import { createApiKey, revokeApiKey, verifyApiKey } from "./api-keys";
import { ensureOrganization } from "./organizations";

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase("apikeys");
});
afterAll(() => db.cleanup());

describe(`API keys (${testBackend})`, () => {
  it("verifies a new key, and rejects unknown, revoked and expired ones", async () => {
    const org = await ensureOrganization(db.prisma, "acme");
    const key = await createApiKey(db.prisma, { organizationId: org.id, name: "ci" });
    expect(key.secret).toMatch(/^weft_[A-Za-z0-9_-]{43}$/);
    expect(await verifyApiKey(db.prisma, key.secret)).toMatchObject({
      organizationId: org.id,
      organizationName: "acme",
    });
    expect(await verifyApiKey(db.prisma, `${key.secret}x`)).toBeNull();
    expect(await verifyApiKey(db.prisma, "not-a-key")).toBeNull();

    const expiring = await createApiKey(db.prisma, {
      organizationId: org.id,
      name: "short",
      expiresAt: new Date(Date.now() + 1000),
    });
    expect(await verifyApiKey(db.prisma, expiring.secret, new Date(Date.now() + 2000))).toBeNull();

    expect(await revokeApiKey(db.prisma, org.id, key.prefix)).toBe(true);
    expect(await verifyApiKey(db.prisma, key.secret)).toBeNull();
  });

  it("stores no secret anywhere in the database", async () => {
    const org = await ensureOrganization(db.prisma, "secretless");
    const key = await createApiKey(db.prisma, { organizationId: org.id, name: "probe" });
    const hits = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
      "SELECT count(*) AS n FROM api_key k WHERE row_to_json(k)::text LIKE '%' || $1 || '%'",
      key.secret.slice(12),
    );
    expect(Number(hits[0]?.n)).toBe(0);
  });

  it("looks a key up with one indexed query on its hash", async () => {
    const rows = await db.prisma.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      "EXPLAIN SELECT id FROM api_key WHERE secret_hash = 'abc'",
    );
    const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
    expect(plan).toMatch(/Index (Only )?Scan using api_key_secret_hash_key/);
  });
});
