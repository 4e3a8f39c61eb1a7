// The outbox holds exactly the committed changes: a job transition rolled back leaves no message, a committed one
// leaves exactly one; organizations without subscriptions record nothing. Plus the retry schedule's jitter bounds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectionFixture } from "@weft/db/test-fixtures";
import { openTestDatabase, type TestDatabase } from "@weft/db/testing";
import { transitionJob } from "../jobs/transitions";
import { webhookId } from "./events";
import { pruneOldMessages } from "./relay";
import { nextRetryDelayMs } from "./retry";
import { sealWebhookSecret } from "./secret";
import { signWebhook } from "./signature";
import { JOB } from "@weft/job-model";

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase("webhook-outbox");
});
afterAll(async () => {
  await db.cleanup();
});

async function pendingJob(withSubscription: boolean) {
  const fixture = await createConnectionFixture(db.prisma, "outbox");
  if (withSubscription) {
    const id = webhookId("ep");
    await db.prisma.webhookSubscription.create({
      data: {
        id,
        organizationId: fixture.organization.id,
        url: "https://example.com/h",
        eventTypes: ["sync.running"],
        secret: sealWebhookSecret(id, "whsec_x"),
      },
    });
  }
  const job = await db.prisma.syncJob.create({
    data: {
      syncId: fixture.sync.id,
      sourceConnectionId: fixture.connection.id,
      organizationId: fixture.organization.id,
      status: JOB.PENDING,
    },
  });
  return { job, organizationId: fixture.organization.id };
}

describe("webhook outbox", () => {
  it("writes the message with a committed transition and never with a rolled-back one", async () => {
    const { job, organizationId } = await pendingJob(true);
    await expect(
      db.prisma.$transaction(async (tx) => {
        expect(await transitionJob(tx, job.id, JOB.RUNNING)).not.toBeNull();
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await db.prisma.webhookMessage.count({ where: { organizationId } })).toBe(0);
    await transitionJob(db.prisma, job.id, JOB.RUNNING);
    const messages = await db.prisma.webhookMessage.findMany({ where: { organizationId } });
    expect(messages.map((m) => m.eventType)).toEqual(["sync.running"]);
    expect(messages[0]?.payload).toMatchObject({
      event_type: "sync.running",
      sync_job_id: job.id,
      organization_id: organizationId,
      error: null,
      entities_inserted: 0,
    });
    await transitionJob(db.prisma, job.id, JOB.CANCELLING);
    expect(await db.prisma.webhookMessage.count({ where: { organizationId } })).toBe(1); // CANCELLING has no event
    await transitionJob(db.prisma, job.id, JOB.FAILED, { error: "source exploded" });
    const failed = await db.prisma.webhookMessage.findFirstOrThrow({
      where: { organizationId, eventType: "sync.failed" },
    });
    expect(failed.payload).toMatchObject({ error: "source exploded" });
  });

  it("prunes messages older than 90 days, and only those", async () => {
    const { organizationId } = await pendingJob(false);
    const old = webhookId("msg");
    const recent = webhookId("msg");
    await db.prisma.webhookMessage.createMany({
      data: [
        {
          id: old,
          organizationId,
          eventType: "collection.created",
          payload: {},
          createdAt: new Date(Date.now() - 91 * 86_400_000),
        },
        {
          id: recent,
          organizationId,
          eventType: "collection.created",
          payload: {},
          createdAt: new Date(Date.now() - 89 * 86_400_000),
        },
      ],
    });
    expect(await pruneOldMessages(db)).toBe(1);
    expect((await db.prisma.webhookMessage.findMany({ where: { organizationId } })).map((m) => m.id)).toEqual([recent]);
  });

  it("records nothing for an organization without subscriptions", async () => {
    const { job, organizationId } = await pendingJob(false);
    await transitionJob(db.prisma, job.id, JOB.RUNNING);
    expect(await db.prisma.webhookMessage.count({ where: { organizationId } })).toBe(0);
  });
});

describe("retry schedule and signature", () => {
  it("jitters ±20 %, waits at least 60 s after a timeout or 429, and ends after the schedule", () => {
    const schedule = [5, 300];
    expect(nextRetryDelayMs(schedule, 1, 500, () => 0)).toBe(4000);
    expect(nextRetryDelayMs(schedule, 1, 500, () => 1)).toBe(6000);
    expect(nextRetryDelayMs(schedule, 1, 0, () => 0.5)).toBe(60_000);
    expect(nextRetryDelayMs(schedule, 1, 429, () => 0.5)).toBe(60_000);
    expect(nextRetryDelayMs(schedule, 2, 429, () => 0.5)).toBe(300_000);
    expect(nextRetryDelayMs(schedule, 3, 500)).toBeNull();
  });

  it("signs as Svix's documented example", () => {
    // From Svix's docs ("Verifying webhooks manually").
    const body = '{"test": 2432232314}';
    expect(
      signWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
    ).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });
});
