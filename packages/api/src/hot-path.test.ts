// What the API hot path takes out and must still answer: readJob's one raw query answers exactly what Prisma's
// findFirst + include answers (value for value, type for type: Dates, JSON, nulls) and nothing for another
// organization's job; a key revoked through this process's API is refused at once despite the verified-key cache.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureOrganization } from "@weft/auth";
import { testBackend } from "@weft/db/testing";
import { createConnection, waitForJob } from "@weft/engine/testing";
import { JOB } from "@weft/job-model";
import { authenticate, useKeyCacheClock } from "./principal";
import { readJob } from "./services/job-read";
import { toView } from "./services/jobs";
import { callerFor, openTestEngine, type TestEngine } from "./testing";

let engine: TestEngine;
beforeAll(async () => {
  engine = await openTestEngine("hot-path");
});
afterAll(() => engine.close());

describe(`API hot path (${testBackend})`, () => {
  it("reads a job as Prisma's view of it, within its organization only", async () => {
    const prisma = engine.db.prisma;
    const { connection, organization } = await createConnection(prisma, "stub", { entity_count: 20, seed: 3 });
    const started = await engine.startRun({ organizationId: organization.id, sourceConnectionId: connection.id });
    await waitForJob(prisma, started.id, [JOB.COMPLETED]);
    // Every JSON and nullable column holds something, so each one's mapping is compared.
    await prisma.syncJob.update({
      where: { id: started.id },
      data: { errorDetails: { hint: ["a", 1, null] }, syncMetadata: { n: 1.5 }, createdByEmail: "a@b.c" },
    });

    const expected = toView(
      await prisma.syncJob.findFirstOrThrow({
        where: { id: started.id },
        include: { sync: { select: { name: true } } },
      }),
    );
    const read = await readJob(prisma, organization.id, started.id);
    expect(read).toEqual(expected);
    expect(read?.completedAt).toBeInstanceOf(Date);
    expect(Object.keys(read ?? {}).sort()).toEqual(Object.keys(expected).sort());

    const other = await ensureOrganization(prisma, "job-read-other");
    expect(await readJob(prisma, other.id, started.id)).toBeNull();
    expect(await readJob(prisma, organization.id, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("refuses a key revoked through this process's API at once", async () => {
    const acme = await callerFor(engine, "cache-revoker");
    const made = await acme.caller.apiKeys.create({ name: "revoke me" });
    const prisma = engine.db.prisma;
    useKeyCacheClock(prisma, { now: () => 5_000_000 }); // time stands still: only the revocation can end the trust
    const headers = new Headers({ "x-api-key": made.secret });
    expect(await authenticate(prisma, headers, { session: false })).toMatchObject({ apiKeyId: made.id });
    await acme.caller.apiKeys.revoke({ id: made.id });
    expect(await authenticate(prisma, headers, { session: false })).toBeNull();
  });
});
