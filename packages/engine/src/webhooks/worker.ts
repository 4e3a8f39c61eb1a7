// A worker's share of webhook delivery: handlers on the webhook-delivery queue, the outbox relay (every 250 ms) and
// the sweep for deliveries whose worker died (every 5 s) and the pruning of messages past 90 days (hourly).
// Any number of workers run this side by side.
import type { Database } from "@weft/db";
import { env } from "@weft/config";
import type { OutboundPolicy } from "../outbound/index";
import { deliverWebhook } from "./deliver";
import type { WebhookQueue } from "./queue";
import { pruneOldMessages, relayWebhookMessages, sweepStrandedDeliveries } from "./relay";

const WEFT_WEBHOOK_VERSION = "1.0";

export type WebhookWorkerOptions = {
  db: Database;
  queue: WebhookQueue;
  workerId: string;
  policy: OutboundPolicy;
  retrySchedule?: readonly number[];
  concurrency?: number;
  every: (ms: number, name: string, task: () => Promise<unknown>) => () => void;
  onError: (error: unknown) => void;
};

export async function startWebhookWorker(options: WebhookWorkerOptions): Promise<() => void> {
  const deps = {
    db: options.db,
    queue: options.queue,
    workerId: options.workerId,
    policy: options.policy,
    retrySchedule: options.retrySchedule ?? env.WEFT_WEBHOOK_RETRY_SCHEDULE,
    version: WEFT_WEBHOOK_VERSION,
  };
  await options.queue.work((id) => deliverWebhook(deps, id), {
    concurrency: options.concurrency ?? 8,
    onError: options.onError,
  });
  const stopRelay = options.every(250, "webhook relay", () => relayWebhookMessages(options.db, options.queue));
  const stopSweep = options.every(5000, "webhook sweep", () => sweepStrandedDeliveries(options.db, options.queue));
  const stopPrune = options.every(60 * 60_000, "webhook prune", () => pruneOldMessages(options.db));
  return () => {
    stopRelay();
    stopSweep();
    stopPrune();
  };
}
