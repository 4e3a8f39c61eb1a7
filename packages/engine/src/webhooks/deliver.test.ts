// One delivery attempt against a real receiver, on the test database: the response body is capped at 20,000 bytes,
// a refused address is never contacted (attempt with code 0 and the reason), a hung receiver times out, and an
// endpoint failing for more than 5 days is disabled when a message uses up its retries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectionFixture } from "@weft/db/test-fixtures";
import { openTestDatabase, type TestDatabase } from "@weft/db/testing";
import { createOutboundPolicy } from "../outbound/index";
import { createJobQueue, type JobQueue } from "../queue/index";
import { deliverWebhook, type DeliverDeps } from "./deliver";
import { webhookId } from "./events";
import { createWebhookQueue } from "./queue";
import { startWebhookReceiver, type WebhookReceiver } from "./receiver";
import { sealWebhookSecret } from "./secret";

let db: TestDatabase;
let jobQueue: JobQueue;
let receiver: WebhookReceiver;
let deps: DeliverDeps;
let organizationId: string;

beforeAll(async () => {
  db = await openTestDatabase("webhook-deliver");
  jobQueue = await createJobQueue(db);
  receiver = await startWebhookReceiver();
  organizationId = (await createConnectionFixture(db.prisma, "deliver")).organization.id;
  deps = {
    db,
    queue: await createWebhookQueue(jobQueue.boss),
    workerId: "test-worker",
    policy: createOutboundPolicy(["127.0.0.1"]),
    retrySchedule: [],
    version: "test",
    timeoutMs: 1000,
  };
});
afterAll(async () => {
  await receiver.close();
  await jobQueue.stop({ timeoutMs: 1000 });
  await db.cleanup();
});

async function pendingDelivery(url: string, failingSince: Date | null = null) {
  const subscriptionId = webhookId("ep");
  await db.prisma.webhookSubscription.create({
    data: {
      id: subscriptionId,
      organizationId,
      url,
      eventTypes: ["collection.created"],
      secret: sealWebhookSecret(subscriptionId, "whsec_dGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtMTIz"),
      failingSince,
    },
  });
  const messageId = webhookId("msg");
  await db.prisma.webhookMessage.create({
    data: {
      id: messageId,
      organizationId,
      eventType: "collection.created",
      payload: { event_type: "collection.created" },
      dispatchedAt: new Date(),
    },
  });
  const delivery = await db.prisma.webhookDelivery.create({ data: { messageId, subscriptionId } });
  return { subscriptionId, deliveryId: delivery.id };
}

const attemptsOf = (subscriptionId: string) => db.prisma.webhookAttempt.findMany({ where: { subscriptionId } });

describe("deliverWebhook", () => {
  it("keeps at most 20,000 bytes of the response body", async () => {
    receiver.respond(() => ({ status: 200, body: "x".repeat(30_000) }));
    const { subscriptionId, deliveryId } = await pendingDelivery(receiver.url);
    await deliverWebhook(deps, deliveryId);
    const [attempt] = await attemptsOf(subscriptionId);
    expect(attempt?.responseStatusCode).toBe(200);
    expect(attempt?.response).toHaveLength(20_000);
    expect(await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({
      status: "succeeded",
      attemptCount: 1,
      lockedBy: null,
    });
    await deliverWebhook(deps, deliveryId); // a second queue entry for a done delivery sends nothing
    expect(await attemptsOf(subscriptionId)).toHaveLength(1);
  });

  it("never contacts an address the outbound rule refuses at delivery time", async () => {
    const before = receiver.received.length;
    const { subscriptionId, deliveryId } = await pendingDelivery(receiver.url);
    await deliverWebhook({ ...deps, policy: createOutboundPolicy([]) }, deliveryId);
    expect(receiver.received.length).toBe(before);
    const [attempt] = await attemptsOf(subscriptionId);
    expect(attempt).toMatchObject({ responseStatusCode: 0 });
    expect(attempt?.response).toMatch(/loopback.*WEFT_OUTBOUND_ALLOW/);
  });

  it("times out a receiver that does not answer (code 0)", async () => {
    receiver.respond(() => "hang");
    const { subscriptionId, deliveryId } = await pendingDelivery(receiver.url);
    await deliverWebhook(deps, deliveryId);
    expect((await attemptsOf(subscriptionId))[0]).toMatchObject({ responseStatusCode: 0, response: null });
    receiver.respond(() => ({ status: 200 }));
  });

  it("disables an endpoint failing for more than 5 days once a message used up its retries; a success resets the clock", async () => {
    receiver.respond(() => ({ status: 500 }));
    const old = await pendingDelivery(receiver.url, new Date(Date.now() - 6 * 86_400_000));
    await deliverWebhook(deps, old.deliveryId);
    expect(await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: old.deliveryId } })).toMatchObject({
      status: "failed",
    });
    expect(await db.prisma.webhookSubscription.findUniqueOrThrow({ where: { id: old.subscriptionId } })).toMatchObject({
      disabled: true,
    });
    const recent = await pendingDelivery(receiver.url, new Date(Date.now() - 4 * 86_400_000));
    await deliverWebhook(deps, recent.deliveryId);
    expect(
      await db.prisma.webhookSubscription.findUniqueOrThrow({ where: { id: recent.subscriptionId } }),
    ).toMatchObject({ disabled: false });
    receiver.respond(() => ({ status: 200 }));
    const again = await db.prisma.webhookDelivery.update({
      where: { id: recent.deliveryId },
      data: { status: "pending" },
    });
    await deliverWebhook(deps, again.id);
    expect(
      await db.prisma.webhookSubscription.findUniqueOrThrow({ where: { id: recent.subscriptionId } }),
    ).toMatchObject({ failingSince: null });
  });
});
