// Webhooks over real HTTP (WEBHOOKS.md): a real receiver on 127.0.0.1 (allowed by the engine's access policy, as
// WEFT_OUTBOUND_ALLOW would) checks every delivery with the unmodified `svix` and `standardwebhooks` packages.
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessPolicy } from "@weft/engine";
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from "@weft/engine/testing";
import { clientFor, createCollection, createConnection, run, waitFor, type Client } from "./testing/http";
import { startRestServer, type RestServer } from "./testing/serve";
import { JOB } from "@weft/job-model";

const SECRET = `whsec_${Buffer.from("weft-webhook-test-secret-0123456789").toString("base64")}`;

let server: RestServer;
let api: Client;
let other: Client;
let receiver: WebhookReceiver;
let otherReceiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  otherReceiver = await startWebhookReceiver();
  const access = createAccessPolicy({ outboundAllow: ["127.0.0.1"] });
  server = await startRestServer("webhooks", { engine: { access, webhookRetrySchedule: [0.3, 0.3, 0.3] } });
  api = clientFor(server, await server.keyFor("webhook-org"));
  other = clientFor(server, await server.keyFor("webhook-other-org"));
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
  await otherReceiver?.close();
});

/** Both libraries accept the delivery as sent (headers and raw body), and agree on the payload. */
function verified(secret: string, delivery: ReceivedWebhook): Record<string, any> {
  const h = delivery.headers as Record<string, string>;
  // svix's verify throws on a bad signature (and returns nothing); standardwebhooks' returns the parsed payload.
  new SvixWebhook(secret).verify(delivery.body, {
    "svix-id": h["svix-id"] ?? "",
    "svix-timestamp": h["svix-timestamp"] ?? "",
    "svix-signature": h["svix-signature"] ?? "",
  });
  const standard = new StandardWebhook(secret).verify(delivery.body, {
    "webhook-id": h["webhook-id"] ?? "",
    "webhook-timestamp": h["webhook-timestamp"] ?? "",
    "webhook-signature": h["webhook-signature"] ?? "",
  });
  expect(standard).toEqual(JSON.parse(delivery.body));
  expect(() =>
    new SvixWebhook(`whsec_${Buffer.from("another-secret-of-enough-length!").toString("base64")}`).verify(
      delivery.body,
      h,
    ),
  ).toThrow();
  return standard as Record<string, any>;
}

const forJob = (jobId: string) => (r: ReceivedWebhook) => JSON.parse(r.body).sync_job_id === jobId;

describe("webhook subscriptions", () => {
  it("refuses what WEBHOOKS.md refuses with a 422 naming the field", async () => {
    const refused = await api("POST", "/webhooks/subscriptions", {
      body: { url: "http://169.254.169.254/latest", event_types: ["sync.completed"] },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail[0].loc).toEqual(["body", "url"]);
    expect(refused.body.detail[0].msg).toMatch(/WEFT_OUTBOUND_ALLOW/);
    for (const [body, field] of [
      [{ url: "http://10.1.2.3/x", event_types: ["sync.completed"] }, "url"],
      [{ url: "ftp://example.com/x", event_types: ["sync.completed"] }, "url"],
      [{ url: `https://example.com/${"x".repeat(2100)}`, event_types: ["sync.completed"] }, "url"],
      [{ url: "https://example.com/x", event_types: [] }, "event_types"],
      [{ url: "https://example.com/x", event_types: ["sync.exploded"] }, "event_types"],
      [{ url: "https://example.com/x", event_types: ["sync.completed"], secret: "whsec_c2hvcnQ=" }, "secret"],
      [{ url: "https://example.com/x", event_types: ["sync.completed"], secret: "plain" }, "secret"],
    ] as const) {
      const answer = await api("POST", "/webhooks/subscriptions", { body });
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.body.detail[0].loc.slice(0, 2)).toEqual(["body", field]);
    }
    const patched = await api("PATCH", "/webhooks/subscriptions/ep_nope", { body: { disabled: true } });
    expect(patched.status).toBe(404);
  });

  it("creates with a generated secret, shows it only when asked, and hides it from other organizations", async () => {
    const created = await api("POST", "/webhooks/subscriptions", {
      body: { url: "https://example.com/hook", event_types: ["collection.created"] },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      url: "https://example.com/hook",
      filter_types: ["collection.created"],
      disabled: false,
      description: null,
      health_status: "unknown",
    });
    expect(created.body.id).toMatch(/^ep_/);
    expect(created.body).not.toHaveProperty("secret");
    const plain = await api("GET", `/webhooks/subscriptions/${created.body.id}`);
    expect(plain.body).toMatchObject({ secret: null, delivery_attempts: [] });
    const withSecret = await api("GET", `/webhooks/subscriptions/${created.body.id}?include_secret=true`);
    expect(withSecret.body.secret).toMatch(/^whsec_/);
    expect(Buffer.from(withSecret.body.secret.slice(6), "base64")).toHaveLength(24);
    const stored = await server.engine.db.prisma.webhookSubscription.findUniqueOrThrow({
      where: { id: created.body.id },
    });
    expect(stored.secret).not.toContain(withSecret.body.secret.slice(6));
    expect((await other("GET", `/webhooks/subscriptions/${created.body.id}`)).status).toBe(404);
    expect((await other("DELETE", `/webhooks/subscriptions/${created.body.id}`)).status).toBe(404);
    expect((await other("GET", "/webhooks/subscriptions")).body).toEqual([]);
    const updated = await api("PATCH", `/webhooks/subscriptions/${created.body.id}`, {
      body: { event_types: ["collection.deleted", "collection.updated"] },
    });
    expect(updated.body.filter_types).toEqual(["collection.deleted", "collection.updated"]);
    const deleted = await api("DELETE", `/webhooks/subscriptions/${created.body.id}`);
    expect(deleted.body.id).toBe(created.body.id);
    expect((await api("GET", `/webhooks/subscriptions/${created.body.id}`)).status).toBe(404);
  });
});

describe("webhook delivery", () => {
  let subscriptionId: string;
  beforeAll(async () => {
    const created = await api("POST", "/webhooks/subscriptions", {
      body: {
        url: receiver.url,
        event_types: [
          "sync.pending",
          "sync.running",
          "sync.completed",
          "sync.failed",
          "collection.created",
          "source_connection.created",
        ],
        secret: SECRET,
      },
    });
    expect(created.status).toBe(200);
    subscriptionId = created.body.id;
    const foreign = await other("POST", "/webhooks/subscriptions", {
      body: {
        url: otherReceiver.url,
        event_types: ["sync.pending", "sync.running", "sync.completed", "collection.created"],
        secret: SECRET,
      },
    });
    expect(foreign.status).toBe(200);
  });

  it("a run yields sync.pending, sync.running and sync.completed, signed for svix and standardwebhooks", async () => {
    const collection = await createCollection(api, "Webhook collection");
    const connection = await createConnection(api, collection.readable_id, { entity_count: 30, seed: 3 });
    const job = await run(api, connection.id);
    await waitFor(server, job.id, [JOB.COMPLETED]);
    const deliveries = await receiver.waitFor((r) => r.filter(forJob(job.id)).length >= 3);
    // Deliveries run in parallel (as Svix's do), so they may arrive out of order: each carries its event's time.
    const order = ["sync.pending", "sync.running", "sync.completed"];
    const payloads = deliveries
      .filter(forJob(job.id))
      .map((d) => verified(SECRET, d))
      .sort((a, b) => order.indexOf(a.event_type) - order.indexOf(b.event_type));
    expect(payloads.map((p) => p.event_type)).toEqual(order);
    expect(payloads.map((p) => p.timestamp)).toEqual(payloads.map((p) => p.timestamp).sort());
    const org = await server.engine.db.prisma.organization.findUniqueOrThrow({ where: { name: "webhook-org" } });
    const sync = await server.engine.db.prisma.sync.findUniqueOrThrow({ where: { sourceConnectionId: connection.id } });
    for (const payload of payloads) {
      expect(Object.keys(payload).sort()).toEqual(
        [
          "event_type",
          "timestamp",
          "organization_id",
          "sync_id",
          "sync_job_id",
          "collection_id",
          "collection_name",
          "collection_readable_id",
          "source_connection_id",
          "source_type",
          "entities_inserted",
          "entities_updated",
          "entities_deleted",
          "entities_skipped",
          "chunks_written",
          "error",
        ].sort(),
      );
      expect(payload).toMatchObject({
        organization_id: org.id,
        sync_id: sync.id,
        sync_job_id: job.id,
        collection_id: collection.id,
        collection_name: "Webhook collection",
        collection_readable_id: collection.readable_id,
        source_connection_id: connection.id,
        source_type: "stub",
        chunks_written: 0,
        error: null,
      });
      expect(new Date(payload.timestamp).toISOString()).toBe(payload.timestamp);
    }
    expect(payloads[0]).toMatchObject({ entities_inserted: 0 });
    expect(payloads[2]).toMatchObject({
      entities_inserted: 30,
      entities_updated: 0,
      entities_deleted: 0,
      entities_skipped: 0,
    });
    const headers = deliveries.filter(forJob(job.id))[0]?.headers ?? {};
    expect(headers["user-agent"]).toMatch(/^Weft-Webhooks\//);
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["svix-id"]).toBe(headers["webhook-id"]);
    expect(headers["svix-id"]).toMatch(/^msg_/);
    // resource events too, and another organization's receiver heard nothing of all this
    const resources = receiver.received
      .map((d) => JSON.parse(d.body))
      .filter((p) => p.collection_readable_id === collection.readable_id && !p.sync_job_id);
    expect(resources.map((p) => p.event_type).sort()).toEqual(["collection.created", "source_connection.created"]);
    expect(otherReceiver.received).toEqual([]);
    // the messages endpoint lists them newest first, filtered by repeatable event_types
    const listed = await api("GET", "/webhooks/messages?event_types=sync.pending&event_types=sync.completed");
    expect(listed.status).toBe(200);
    const mine = listed.body.filter((m: any) => m.payload.sync_job_id === job.id);
    expect(mine.map((m: any) => m.event_type)).toEqual(["sync.completed", "sync.pending"]);
    expect(mine[0]).toMatchObject({ channels: ["sync.completed"], tags: null });
    expect((await api("GET", "/webhooks/messages?event_types=nope")).status).toBe(422);
    expect((await other("GET", `/webhooks/messages/${mine[0].id}`)).status).toBe(404);
  });

  it("retries a receiver answering 500 twice; the third attempt succeeds and the attempts show it", async () => {
    const failing = new Set<string>();
    receiver.respond((request) => {
      const id = String(request.headers["svix-id"]);
      const payload = JSON.parse(request.body);
      if (payload.event_type !== "sync.completed") return { status: 200 };
      const seen = receiver.received.filter((r) => r.headers["svix-id"] === id).length;
      if (seen <= 2) {
        failing.add(id);
        return { status: 500, body: `boom ${seen}` };
      }
      return { status: 204 };
    });
    const collection = await createCollection(api, "Retry collection");
    const connection = await createConnection(api, collection.readable_id, { entity_count: 5, seed: 4 });
    const job = await run(api, connection.id);
    await waitFor(server, job.id, [JOB.COMPLETED]);
    const completed = (r: ReceivedWebhook) => forJob(job.id)(r) && JSON.parse(r.body).event_type === "sync.completed";
    const tries = (await receiver.waitFor((r) => r.filter(completed).length >= 3)).filter(completed);
    expect(new Set(tries.map((t) => t.headers["svix-id"])).size).toBe(1);
    for (const t of tries) verified(SECRET, t);
    const messageId = String(tries[0]?.headers["svix-id"]);
    let attempts: any[] = [];
    for (let i = 0; i < 100 && attempts.length < 3; i++) {
      attempts = (await api("GET", `/webhooks/messages/${messageId}?include_attempts=true`)).body.delivery_attempts;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(attempts.map((a) => [a.response_status_code, a.status, a.response])).toEqual([
      [204, "success", ""],
      [500, "failed", "boom 2"],
      [500, "failed", "boom 1"],
    ]);
    expect(attempts[0]).toMatchObject({ message_id: messageId, endpoint_id: subscriptionId, url: receiver.url });
    const detail = await api("GET", `/webhooks/subscriptions/${subscriptionId}`);
    expect(detail.body.delivery_attempts.length).toBeGreaterThanOrEqual(3);
    expect(detail.body.health_status).toBe("degraded");
    const plain = await api("GET", `/webhooks/messages/${messageId}`);
    expect(plain.body.delivery_attempts).toBeNull();
    receiver.respond(() => ({ status: 200 }));
  });

  it("gives up after the schedule, then recover re-sends the failed message once the receiver is back", async () => {
    receiver.respond((request) =>
      JSON.parse(request.body).event_type === "sync.completed" ? { status: 503 } : { status: 200 },
    );
    const since = new Date(Date.now() - 1000).toISOString();
    const collection = await createCollection(api, "Recover collection");
    const connection = await createConnection(api, collection.readable_id, { entity_count: 3, seed: 5 });
    const job = await run(api, connection.id);
    await waitFor(server, job.id, [JOB.COMPLETED]);
    const completed = (r: ReceivedWebhook) => forJob(job.id)(r) && JSON.parse(r.body).event_type === "sync.completed";
    await receiver.waitFor((r) => r.filter(completed).length >= 4); // 1 + 3 retries, then it gives up
    const health = await api("GET", `/webhooks/subscriptions/${subscriptionId}`);
    expect(health.body.health_status).toBe("failing");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.received.filter(completed)).toHaveLength(4);
    receiver.respond(() => ({ status: 200 }));
    expect(
      (
        await api("POST", `/webhooks/subscriptions/${subscriptionId}/recover`, {
          body: { since: "2000-01-01T00:00:00Z" },
        })
      ).status,
    ).toBe(422);
    const recovered = await api("POST", `/webhooks/subscriptions/${subscriptionId}/recover`, { body: { since } });
    expect(recovered.status).toBe(200);
    expect(recovered.body).toMatchObject({ status: "running" });
    expect(recovered.body.id).toEqual(expect.any(String));
    await receiver.waitFor((r) => r.filter(completed).length >= 5);
    verified(SECRET, receiver.received.filter(completed)[4] as ReceivedWebhook);
    await receiver.waitFor(() => true, 100);
    const after = await api("GET", `/webhooks/subscriptions/${subscriptionId}`);
    expect(after.body.health_status).toBe("degraded");
    // PATCH disabled:false with recover_since: nothing failed is left, so nothing more is sent
    const patched = await api("PATCH", `/webhooks/subscriptions/${subscriptionId}`, {
      body: { disabled: false, recover_since: since },
    });
    expect(patched.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(receiver.received.filter(completed)).toHaveLength(5);
  });

  it("reports collection and source connection changes with their documented fields", async () => {
    const resourceReceiver = await startWebhookReceiver();
    try {
      const types = [
        "collection.created",
        "collection.updated",
        "collection.deleted",
        "source_connection.created",
        "source_connection.deleted",
      ];
      const created = await api("POST", "/webhooks/subscriptions", {
        body: { url: resourceReceiver.url, event_types: types, secret: SECRET },
      });
      expect(created.status).toBe(200);
      const collection = await createCollection(api, "Resource events");
      const connection = await createConnection(api, collection.readable_id, { entity_count: 1 });
      expect(
        (await api("PATCH", `/collections/${collection.readable_id}`, { body: { name: "Renamed events" } })).status,
      ).toBe(200);
      expect((await api("DELETE", `/source-connections/${connection.id}`)).status).toBe(200);
      expect((await api("DELETE", `/collections/${collection.readable_id}`)).status).toBe(200);
      const received = await resourceReceiver.waitFor((r) => r.length >= 5);
      const byType = Object.fromEntries(received.map((d) => verified(SECRET, d)).map((p) => [p.event_type, p]));
      const base = { organization_id: expect.any(String), timestamp: expect.any(String) };
      const collectionFields = {
        ...base,
        collection_id: collection.id,
        collection_readable_id: collection.readable_id,
      };
      expect(byType["collection.created"]).toEqual({
        ...collectionFields,
        event_type: "collection.created",
        collection_name: "Resource events",
      });
      expect(byType["collection.updated"]).toEqual({
        ...collectionFields,
        event_type: "collection.updated",
        collection_name: "Renamed events",
      });
      expect(byType["collection.deleted"]).toEqual({
        ...collectionFields,
        event_type: "collection.deleted",
        collection_name: "Renamed events",
      });
      const connectionFields = {
        ...base,
        source_connection_id: connection.id,
        collection_readable_id: collection.readable_id,
        source_type: "stub",
        is_authenticated: true,
      };
      expect(byType["source_connection.created"]).toEqual({
        ...connectionFields,
        event_type: "source_connection.created",
      });
      expect(byType["source_connection.deleted"]).toEqual({
        ...connectionFields,
        event_type: "source_connection.deleted",
      });
      expect((await api("DELETE", `/webhooks/subscriptions/${created.body.id}`)).status).toBe(200);
    } finally {
      await resourceReceiver.close();
    }
  });

  it("a disabled subscription gets nothing; deleting one drops its pending deliveries", async () => {
    const disabled = await api("PATCH", `/webhooks/subscriptions/${subscriptionId}`, { body: { disabled: true } });
    expect(disabled.body.disabled).toBe(true);
    const before = receiver.received.length;
    const collection = await createCollection(api, "Quiet collection");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.received.length).toBe(before);
    expect(
      (await api("GET", "/webhooks/messages?event_types=collection.created")).body.some(
        (m: any) => m.payload.collection_readable_id === collection.readable_id,
      ),
    ).toBe(true);
    const deleted = await api("DELETE", `/webhooks/subscriptions/${subscriptionId}`);
    expect(deleted.status).toBe(200);
    expect(await server.engine.db.prisma.webhookDelivery.count({ where: { subscriptionId } })).toBe(0);
  });
});
