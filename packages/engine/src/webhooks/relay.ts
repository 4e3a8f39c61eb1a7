// The outbox relay: fans new messages out into one delivery per matching, enabled subscription of their organization
// and queues each, in one transaction, so a message is dispatched exactly once whichever worker takes it.
import type { Database } from "@weft/db";
import type { WebhookQueue } from "./queue";

const BATCH = 200;

/** Dispatches up to one batch of new messages; returns how many messages it took. */
export async function relayWebhookMessages(db: Database, queue: WebhookQueue): Promise<number> {
  // A cheap look first: the transaction below is taken only when there is work.
  const [waiting] = await db.prisma.$queryRawUnsafe<{ any: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM webhook_message WHERE dispatched_at IS NULL) AS any`,
  );
  if (!waiting?.any) return 0;
  return db.prisma.$transaction(async (tx) => {
    const messages = await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM webhook_message WHERE dispatched_at IS NULL ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
    );
    if (!messages.length) return 0;
    const ids = messages.map((m) => m.id);
    const deliveries = await tx.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO webhook_delivery (message_id, subscription_id)
       SELECT m.id, s.id FROM webhook_message m
       JOIN webhook_subscription s ON s.organization_id = m.organization_id AND m.event_type = ANY (s.event_types)
         AND NOT s.disabled AND s.created_at <= m.created_at
       WHERE m.id = ANY ($1::text[])
       ORDER BY m.created_at
       ON CONFLICT (message_id, subscription_id) DO NOTHING
       RETURNING id::text`,
      ids,
    );
    await tx.$executeRawUnsafe(`UPDATE webhook_message SET dispatched_at = now() WHERE id = ANY ($1::text[])`, ids);
    for (const delivery of deliveries) await queue.enqueue(delivery.id, { tx });
    return messages.length;
  });
}

/**
 * Queues again every due delivery nobody holds whose queue entry was lost (its worker was killed mid-delivery, or
 * the entry expired). A delivery still queued is not queued twice (singletonKey); one held by a live worker is skipped.
 */
export async function sweepStrandedDeliveries(db: Database, queue: WebhookQueue, graceSeconds = 5): Promise<number> {
  const rows = await db.prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text FROM webhook_delivery
     WHERE status = 'pending' AND next_attempt_at < now() - interval '${Math.floor(graceSeconds)} seconds'
       AND (locked_until IS NULL OR locked_until < now())
     ORDER BY next_attempt_at LIMIT 500`,
  );
  for (const row of rows) await queue.enqueue(row.id);
  return rows.length;
}

/** Messages (with their deliveries and attempts) are kept this long, as Svix keeps them by default. */
const MESSAGE_RETENTION_DAYS = 90;

/** Deletes up to 10,000 messages older than the retention; called hourly by workers. */
export async function pruneOldMessages(db: Database): Promise<number> {
  return db.prisma.$executeRawUnsafe(
    `DELETE FROM webhook_message WHERE id IN (
       SELECT id FROM webhook_message WHERE created_at < now() - interval '${MESSAGE_RETENTION_DAYS} days' LIMIT 10000)`,
  );
}
