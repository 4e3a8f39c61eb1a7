// Webhook subscriptions (Svix's endpoints): create with a sealed secret, read with health and recent attempts,
// update, delete (pending deliveries go with it), recover failed messages and send one again.
import { invalid, notFound } from "@weft/errors";
import {
  checkHost,
  newWebhookSecret,
  openWebhookSecret,
  sealWebhookSecret,
  webhookId,
  type Engine,
} from "@weft/engine";
import type { SubscriptionDetailView, SubscriptionView } from "../webhook-schemas";
import { toAttemptView, withHealth } from "./webhook-views";

const RECOVER_MAX_DAYS = 14;
const RECOVER_MAX_MESSAGES = 10_000;

/** The outbound-address rule, at save time (each delivery checks the resolved address again). */
function assertReachable(engine: Engine, url: string): void {
  const host = new URL(url).hostname;
  const refused = checkHost(host, engine.access.outbound);
  if (refused) throw invalid(`url: ${refused.reason}`, [{ path: ["url"], message: refused.reason }]);
}

async function requireSubscription(engine: Engine, organizationId: string, id: string) {
  const row = await engine.db.prisma.webhookSubscription.findFirst({ where: { id, organizationId } });
  if (!row) throw notFound("Webhook subscription", id);
  return row;
}

async function view(engine: Engine, row: Parameters<typeof withHealth>[1][number]): Promise<SubscriptionView> {
  const [result] = await withHealth(engine.db.prisma, [row]);
  if (!result) throw notFound("Webhook subscription", row.id);
  return result;
}

export async function listSubscriptions(engine: Engine, organizationId: string): Promise<SubscriptionView[]> {
  const rows = await engine.db.prisma.webhookSubscription.findMany({
    where: { organizationId },
    orderBy: { createdAt: "asc" },
  });
  return withHealth(engine.db.prisma, rows);
}

export async function createSubscription(
  engine: Engine,
  organizationId: string,
  input: { url: string; eventTypes: string[]; secret?: string },
) {
  assertReachable(engine, input.url);
  const id = webhookId("ep");
  const secret = input.secret ?? newWebhookSecret();
  const row = await engine.db.prisma.webhookSubscription.create({
    data: {
      id,
      organizationId,
      url: input.url,
      eventTypes: [...new Set(input.eventTypes)],
      secret: sealWebhookSecret(id, secret),
    },
  });
  return { ...(await view(engine, row)), secret };
}

export async function getSubscription(
  engine: Engine,
  organizationId: string,
  id: string,
  includeSecret: boolean,
): Promise<SubscriptionDetailView> {
  const row = await requireSubscription(engine, organizationId, id);
  const attempts = await engine.db.prisma.webhookAttempt.findMany({
    where: { subscriptionId: id },
    orderBy: { createdAt: "desc" },
    take: 100,
    include: { message: { select: { eventType: true } } },
  });
  return {
    ...(await view(engine, row)),
    deliveryAttempts: attempts.map(toAttemptView),
    secret: includeSecret ? openWebhookSecret(id, row.secret) : null,
  };
}

export async function updateSubscription(
  engine: Engine,
  organizationId: string,
  input: { id: string; url?: string; eventTypes?: string[]; disabled?: boolean; recoverSince?: Date },
): Promise<SubscriptionView> {
  await requireSubscription(engine, organizationId, input.id);
  if (input.url !== undefined) assertReachable(engine, input.url);
  const row = await engine.db.prisma.webhookSubscription.update({
    where: { id: input.id },
    data: {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.eventTypes !== undefined ? { eventTypes: [...new Set(input.eventTypes)] } : {}),
      // Enabling again starts the failure clock afresh.
      ...(input.disabled !== undefined
        ? { disabled: input.disabled, ...(input.disabled ? {} : { failingSince: null }) }
        : {}),
    },
  });
  if (input.recoverSince && !row.disabled)
    await recoverMessages(engine, organizationId, { id: input.id, since: input.recoverSince }, "recover_since");
  return view(engine, row);
}

export async function deleteSubscription(
  engine: Engine,
  organizationId: string,
  id: string,
): Promise<SubscriptionView> {
  const row = await requireSubscription(engine, organizationId, id);
  const before = await view(engine, row);
  await engine.db.prisma.webhookSubscription.delete({ where: { id } }); // deliveries and attempts cascade
  return before;
}

/** Queues again, in one transaction, the messages in [since, until) with a failed attempt and no success to it. */
export async function recoverMessages(
  engine: Engine,
  organizationId: string,
  input: { id: string; since: Date; until?: Date },
  sinceField = "since",
) {
  await requireSubscription(engine, organizationId, input.id);
  const until = input.until ?? new Date();
  if (until.getTime() - input.since.getTime() > RECOVER_MAX_DAYS * 86_400_000) {
    const message = `must be at most ${RECOVER_MAX_DAYS} days before ${input.until ? "until" : "now"}`;
    throw invalid(`${sinceField}: ${message}`, [{ path: [sinceField], message }]);
  }
  if (until <= input.since)
    throw invalid(`until: must be after ${sinceField}`, [{ path: ["until"], message: `must be after ${sinceField}` }]);
  const count = await engine.db.prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
      `WITH picked AS (
         SELECT m.id FROM webhook_message m
         WHERE m.organization_id = $1::uuid AND m.created_at >= $3 AND m.created_at < $4
           AND EXISTS (SELECT 1 FROM webhook_attempt a WHERE a.message_id = m.id AND a.subscription_id = $2
                       AND NOT (a.response_status_code BETWEEN 200 AND 299))
           AND NOT EXISTS (SELECT 1 FROM webhook_attempt a WHERE a.message_id = m.id AND a.subscription_id = $2
                           AND a.response_status_code BETWEEN 200 AND 299)
         ORDER BY m.created_at LIMIT ${RECOVER_MAX_MESSAGES}
       )
       INSERT INTO webhook_delivery (message_id, subscription_id) SELECT id, $2 FROM picked
       ON CONFLICT (message_id, subscription_id) DO UPDATE SET status = 'pending', attempt_count = 0, next_attempt_at = now(),
         locked_by = NULL, locked_until = NULL, updated_at = now()
       WHERE webhook_delivery.status <> 'pending'
       RETURNING id::text`,
      organizationId,
      input.id,
      input.since,
      until,
    );
    for (const row of rows) await engine.webhookQueue.enqueue(row.id, { tx });
    return rows.length;
  });
  return { id: webhookId("qtask"), status: "running" as const, count };
}

/** "Send again": one message to one subscription, now, whatever happened to it before. */
export async function resendMessage(
  engine: Engine,
  organizationId: string,
  input: { messageId: string; subscriptionId: string },
) {
  await requireSubscription(engine, organizationId, input.subscriptionId);
  const message = await engine.db.prisma.webhookMessage.findFirst({
    where: { id: input.messageId, organizationId },
    select: { id: true },
  });
  if (!message) throw notFound("Webhook message", input.messageId);
  await engine.db.prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO webhook_delivery (message_id, subscription_id) VALUES ($1, $2)
       ON CONFLICT (message_id, subscription_id) DO UPDATE SET status = 'pending', attempt_count = 0, next_attempt_at = now(),
         locked_by = NULL, locked_until = NULL, updated_at = now()
       WHERE webhook_delivery.status <> 'pending'
       RETURNING id::text`,
      input.messageId,
      input.subscriptionId,
    );
    if (row) await engine.webhookQueue.enqueue(row.id, { tx });
  });
  return { messageId: input.messageId, subscriptionId: input.subscriptionId, queued: true };
}
