// One delivery attempt: claim the delivery (a lease longer than the request's timeout, so no second worker sends the
// same attempt), sign and send, then record the attempt and what follows (done, the next retry, or given up) in one
// transaction with the retry's queue entry. A worker killed in between leaves the lease to expire: the sweep queues
// the delivery again and another worker (or this one, restarted) sends it.
import type { Database } from "@weft/db";
import type { OutboundPolicy } from "../outbound/index";
import { webhookId } from "./events";
import { reportDelivery } from "./observe";
import type { WebhookQueue } from "./queue";
import { nextRetryDelayMs } from "./retry";
import { openWebhookSecret } from "./secret";
import { sendWebhook, WEBHOOK_TIMEOUT_MS } from "./send";
import { webhookHeaders } from "./signature";

export type DeliverDeps = {
  db: Database;
  queue: WebhookQueue;
  workerId: string;
  policy: OutboundPolicy;
  /** Seconds between attempts (WEFT_WEBHOOK_RETRY_SCHEDULE). */
  retrySchedule: readonly number[];
  version: string;
  timeoutMs?: number;
};

/** An endpoint failing continuously for longer than this, once a message used up its retries, is disabled. */
const AUTO_DISABLE_AFTER = "5 days";

type Claimed = {
  id: string;
  attempt_count: number;
  subscription_id: string;
  url: string;
  secret: string;
  disabled: boolean;
  organization_id: string;
  message_id: string;
  event_type: string;
  body: string;
};

export async function deliverWebhook(deps: DeliverDeps, deliveryId: string): Promise<void> {
  const prisma = deps.db.prisma;
  const timeoutMs = deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const leaseSeconds = Math.ceil(timeoutMs / 1000) + 15;
  const [claimed] = await prisma.$queryRawUnsafe<Claimed[]>(
    `UPDATE webhook_delivery d SET locked_by = $2, locked_until = now() + interval '${leaseSeconds} seconds', updated_at = now()
     FROM webhook_subscription s, webhook_message m
     WHERE d.id = $1::uuid AND s.id = d.subscription_id AND m.id = d.message_id
       AND d.status = 'pending' AND d.next_attempt_at <= now() + interval '1 second'
       AND (d.locked_until IS NULL OR d.locked_until < now())
     RETURNING d.id::text, d.attempt_count, s.id AS subscription_id, s.url, s.secret, s.disabled, s.organization_id::text,
       m.id AS message_id, m.event_type, m.payload::text AS body`,
    deliveryId,
    deps.workerId,
  );
  if (!claimed) return; // done, not due yet, or held by another worker
  if (claimed.disabled) {
    await prisma.$executeRawUnsafe(
      `UPDATE webhook_delivery SET status = 'skipped', locked_by = NULL, locked_until = NULL WHERE id = $1::uuid`,
      deliveryId,
    );
    return;
  }
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = webhookHeaders(
    openWebhookSecret(claimed.subscription_id, claimed.secret),
    claimed.message_id,
    timestamp,
    claimed.body,
    deps.version,
  );
  const started = performance.now();
  const result = await sendWebhook(claimed.url, headers, claimed.body, { policy: deps.policy, timeoutMs });
  const latencyMs = performance.now() - started;
  const ok = result.outcome === "success";
  const attempts = claimed.attempt_count + 1;
  const delayMs = ok ? null : nextRetryDelayMs(deps.retrySchedule, attempts, result.statusCode);
  const status = ok ? "succeeded" : delayMs === null ? "failed" : "pending";
  await prisma.$transaction(async (tx) => {
    // Recorded only while the subscription exists (it may have been deleted during the request). Text cannot hold NUL.
    await tx.$executeRawUnsafe(
      `INSERT INTO webhook_attempt (id, message_id, subscription_id, url, response_status_code, response)
       SELECT $1, $2, s.id, $4, $5, $6 FROM webhook_subscription s WHERE s.id = $3`,
      webhookId("atmpt"),
      claimed.message_id,
      claimed.subscription_id,
      claimed.url,
      result.statusCode,
      // eslint-disable-next-line no-control-regex -- U+0000 is exactly what PostgreSQL text cannot hold.
      result.body === null ? null : result.body.replace(/\u0000/g, ""),
    );
    const updated = await tx.$executeRawUnsafe(
      `UPDATE webhook_delivery SET status = $3, attempt_count = $4, next_attempt_at = now() + ($5::int * interval '1 millisecond'),
         locked_by = NULL, locked_until = NULL, updated_at = now()
       WHERE id = $1::uuid AND locked_by = $2`,
      deliveryId,
      deps.workerId,
      status,
      attempts,
      delayMs ?? 0,
    );
    await tx.$executeRawUnsafe(
      ok
        ? `UPDATE webhook_subscription SET failing_since = NULL WHERE id = $1`
        : `UPDATE webhook_subscription SET failing_since = coalesce(failing_since, now()) WHERE id = $1`,
      claimed.subscription_id,
    );
    if (status === "failed") {
      await tx.$executeRawUnsafe(
        `UPDATE webhook_subscription SET disabled = true, updated_at = now() WHERE id = $1 AND failing_since < now() - interval '${AUTO_DISABLE_AFTER}'`,
        claimed.subscription_id,
      );
    }
    if (status === "pending" && updated > 0 && delayMs !== null) {
      await deps.queue.enqueue(deliveryId, { tx, startAfter: new Date(Date.now() + delayMs) });
    }
  });
  reportDelivery({
    outcome: result.outcome,
    statusCode: result.statusCode,
    latencyMs,
    eventType: claimed.event_type,
    organizationId: claimed.organization_id,
  });
}
