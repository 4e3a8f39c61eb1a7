import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isWeftError } from "@weft/errors";
import { asActiveJobConflict, COLLECTION_READABLE_ID_KEY, isUniqueViolation, violatedUniqueConstraint } from "./errors";
import { createConnectionFixture } from "./test-fixtures";
import { openTestDatabase, testBackend, type TestDatabase } from "./testing";
import { JOB } from "@weft/job-model";

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase("errors");
});
afterAll(() => db.cleanup());

describe(`one active job per connection (${testBackend})`, () => {
  it("lets exactly one of two simultaneous transactions insert an active job", async () => {
    const { connection, sync, organization } = await createConnectionFixture(db.prisma, "race");
    const data = {
      syncId: sync.id,
      sourceConnectionId: connection.id,
      organizationId: organization.id,
      status: JOB.PENDING,
    };
    // Both transactions insert, then hold their transaction open a moment so they overlap.
    const attempt = () =>
      db.prisma
        .$transaction(async (tx) => {
          const job = await tx.syncJob.create({ data });
          await new Promise((resolve) => setTimeout(resolve, 150));
          return job;
        })
        .catch((error: unknown) => {
          throw asActiveJobConflict(error);
        });
    const results = await Promise.allSettled([attempt(), attempt()]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(isWeftError(rejected[0]?.reason, "ACTIVE_JOB_EXISTS")).toBe(true);
    expect(await db.prisma.syncJob.count({ where: { sourceConnectionId: connection.id } })).toBe(1);
  });

  it("allows a new job once the previous one has ended", async () => {
    const { connection, sync, organization } = await createConnectionFixture(db.prisma, "sequence");
    const data = { syncId: sync.id, sourceConnectionId: connection.id, organizationId: organization.id };
    const first = await db.prisma.syncJob.create({ data: { ...data, status: JOB.RUNNING } });
    await expect(
      db.prisma.syncJob.create({ data: { ...data, status: JOB.PENDING } }).catch((e: unknown) => {
        throw asActiveJobConflict(e);
      }),
    ).rejects.toSatisfy((error: unknown) => isWeftError(error, "ACTIVE_JOB_EXISTS"));
    await db.prisma.syncJob.update({ where: { id: first.id }, data: { status: JOB.COMPLETED } });
    await expect(db.prisma.syncJob.create({ data: { ...data, status: JOB.PENDING } })).resolves.toMatchObject({
      status: JOB.PENDING,
    });
  });
});

describe(`unique violations by SQLSTATE / P2002 and constraint name (${testBackend})`, () => {
  it("names the violated constraint of a duplicate readable_id, and nothing for other errors", async () => {
    const { organization } = await createConnectionFixture(db.prisma, "unique");
    const data = { organizationId: organization.id, name: "Twice", readableId: "twice" };
    await db.prisma.collection.create({ data });
    const error: unknown = await db.prisma.collection.create({ data }).catch((e: unknown) => e);
    expect(violatedUniqueConstraint(error)).toBe(COLLECTION_READABLE_ID_KEY);
    expect(isUniqueViolation(error, "sync_job_one_active_per_connection")).toBe(false);
    // The same words in a message are not a violation: only codes and the constraint name count.
    expect(violatedUniqueConstraint(new Error(`duplicate key 23505 P2002 ${COLLECTION_READABLE_ID_KEY}`))).toBeNull();
    const missing: unknown = await db.prisma.collection
      .update({ where: { id: organization.id }, data: { name: "x" } })
      .catch((e: unknown) => e);
    expect(violatedUniqueConstraint(missing)).toBeNull();
  });
});
