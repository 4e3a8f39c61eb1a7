// The first start's demo rows (an organization, a key shown once, a demo connection), made once however often Weft
// starts; every start also seals credentials an older Weft stored in plaintext.
import { verifyApiKey } from "@weft/auth";
import { openCredentials } from "@weft/db";
import { openTestDatabase, testBackend, type TestDatabase } from "@weft/db/testing";
import { createConnectionFixture } from "@weft/db/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "./bootstrap";

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase("bootstrap");
});
afterAll(() => db.cleanup());

describe(`demo bootstrap (${testBackend})`, () => {
  it("bootstraps once: a key on the first start, none later", async () => {
    const first = await bootstrap(db.prisma);
    expect(first.demoKey).toMatch(/^weft_/);
    expect(first.connectionId).not.toBeNull();
    const again = await bootstrap(db.prisma);
    expect(again.demoKey).toBeNull();
    expect(again.connectionId).toBeNull();
    expect(await verifyApiKey(db.prisma, first.demoKey ?? "")).toMatchObject({ organizationId: first.organizationId });
  });

  it("seals credentials stored in plaintext at every start", async () => {
    const { connection } = await createConnectionFixture(db.prisma, "legacy");
    await db.prisma.sourceConnection.update({
      where: { id: connection.id },
      data: { credentials: { token: "legacy-plaintext" } },
    });
    await bootstrap(db.prisma);
    const sealed = await db.prisma.sourceConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect((sealed.credentials as Record<string, string>).token).toMatch(/^wsec1\./);
    expect(openCredentials(connection.id, sealed.credentials)).toEqual({ token: "legacy-plaintext" });
  });
});
