// Webhook delivery by real worker processes on PostgreSQL: a worker killed with SIGKILL while it holds a delivery
// leaves it to be delivered after a restart, and two workers share 50 jobs' messages (at least once each, at most
// twice). The receiver on 127.0.0.1 is allowed through WEFT_OUTBOUND_ALLOW; every delivery is checked with `svix`.
import { Webhook } from "svix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@weft/config";
import { createScratchPostgres } from "@weft/db/testing";
import { openDatabase, type Database } from "@weft/db";
import { createEngine, newWebhookSecret, sealWebhookSecret, webhookId, type Engine } from "@weft/engine";
import {
  createConnection,
  startWebhookReceiver,
  waitForJob,
  type ReceivedWebhook,
  type WebhookReceiver,
} from "@weft/engine/testing";
import { spawnWorker, type WorkerProcess } from "./worker-process";
import { JOB } from "@weft/job-model";

const url = env.DATABASE_URL;
if (!url) console.log("webhook worker process tests skipped: they need PostgreSQL (set DATABASE_URL)");

const WORKER_ENV = { WEFT_OUTBOUND_ALLOW: "127.0.0.1", WEFT_WEBHOOK_RETRY_SCHEDULE: "1,1,1" };

describe.skipIf(!url)("webhook delivery by worker processes on PostgreSQL", () => {
  let scratch: { url: string; drop(): Promise<void> };
  let db: Database;
  let api: Engine;
  let receiver: WebhookReceiver;
  const workers: WorkerProcess[] = [];
  const secret = newWebhookSecret();

  beforeAll(async () => {
    scratch = await createScratchPostgres(url ?? "", "webhook_workers");
    db = await openDatabase({ kind: "postgres", url: scratch.url });
    api = await createEngine(db, { worker: false });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    for (const w of workers) w.child.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    await receiver?.close();
    await api?.close();
    await db?.close();
    await scratch?.drop();
  });

  async function subscribe(organizationId: string, eventTypes: string[]) {
    const id = webhookId("ep");
    await db.prisma.webhookSubscription.create({
      data: { id, organizationId, url: receiver.url, eventTypes, secret: sealWebhookSecret(id, secret) },
    });
    return id;
  }

  const verify = (d: ReceivedWebhook) => new Webhook(secret).verify(d.body, d.headers as Record<string, string>);
  const live = () => workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);

  it("delivers a message whose worker was killed with SIGKILL mid-delivery, after a restart", async () => {
    const { connection, organization } = await createConnection(db.prisma, "stub", { entity_count: 20, seed: 1 });
    const subscriptionId = await subscribe(organization.id, ["sync.completed"]);
    receiver.respond((_request, index) => (index === 0 ? "hang" : { status: 200 }));
    const a = await spawnWorker(scratch.url, { ...WORKER_ENV, WEFT_WORKER_ID: "webhook-a" });
    workers.push(a);
    const job = await api.startRun({ organizationId: organization.id, sourceConnectionId: connection.id });
    await waitForJob(db.prisma, job.id, [JOB.COMPLETED]);
    const [held] = await receiver.waitFor((r) => r.length >= 1);
    const delivery = await db.prisma.webhookDelivery.findFirstOrThrow({ where: { subscriptionId } });
    expect(delivery).toMatchObject({ status: "pending", lockedBy: "webhook-a" });
    a.child.kill("SIGKILL");
    await a.exited;
    const killedAt = Date.now();
    workers.push(await spawnWorker(scratch.url, { ...WORKER_ENV, WEFT_WORKER_ID: "webhook-b" }));
    const received = await receiver.waitFor((r) => r.length >= 2, 120_000);
    console.log(
      `delivered ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the SIGKILL (lease = 30 s timeout + 15 s)`,
    );
    expect(received[1]?.headers["svix-id"]).toBe(held?.headers["svix-id"]);
    verify(received[1] as ReceivedWebhook);
    expect(JSON.parse(received[1]?.body ?? "{}")).toMatchObject({
      event_type: "sync.completed",
      sync_job_id: job.id,
      entities_inserted: 20,
    });
    let done = await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    for (let i = 0; i < 200 && done.status === "pending"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50)); // the attempt is recorded just after the answer
      done = await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    }
    expect(done).toMatchObject({ status: "succeeded", attemptCount: 1, lockedBy: null });
  });

  it("two worker processes deliver every message of 50 jobs at least once and at most twice", async () => {
    receiver.respond(() => ({ status: 200 }));
    receiver.received.length = 0;
    while (live().length < 2) workers.push(await spawnWorker(scratch.url, WORKER_ENV));
    const fixtures = await Promise.all(
      Array.from({ length: 50 }, () => createConnection(db.prisma, "stub", { entity_count: 50, seed: 2 })),
    );
    for (const f of fixtures) await subscribe(f.organization.id, ["sync.pending", "sync.running", "sync.completed"]);
    const jobs = [];
    // Five at a time: 50 transactions at once can outwait the test process's pool on a busy machine.
    for (let i = 0; i < fixtures.length; i += 5) {
      jobs.push(
        ...(await Promise.all(
          fixtures
            .slice(i, i + 5)
            .map((f) => api.startRun({ organizationId: f.organization.id, sourceConnectionId: f.connection.id })),
        )),
      );
    }
    await Promise.all(jobs.map((j) => waitForJob(db.prisma, j.id, [JOB.COMPLETED], 120_000)));
    const jobIds = new Set(jobs.map((j) => j.id));
    const messages = await db.prisma.webhookMessage.findMany({
      where: { organizationId: { in: fixtures.map((f) => f.organization.id) } },
      select: { id: true },
    });
    expect(messages).toHaveLength(150);
    await receiver.waitFor((r) => new Set(r.map((d) => d.headers["svix-id"])).size >= 150, 120_000);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // any late duplicate
    const counts = new Map<string, number>();
    for (const d of receiver.received) {
      verify(d);
      expect(jobIds.has(JSON.parse(d.body).sync_job_id)).toBe(true);
      const id = String(d.headers["svix-id"]);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(messages.map((m) => m.id).sort());
    const twice = [...counts.values()].filter((n) => n === 2).length;
    console.log(`150 messages over 2 worker processes: ${receiver.received.length} requests, ${twice} delivered twice`);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
    const attempts = await db.prisma.webhookAttempt.groupBy({ by: ["subscriptionId"], _count: { _all: true } });
    expect(attempts.reduce((n, a) => n + a._count._all, 0)).toBeGreaterThanOrEqual(150);
  });
});
