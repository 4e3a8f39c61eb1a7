// The webhook-delivery queue: pg-boss carrying a delivery id, on the same pg-boss instance as the sync-job queue.
// The delivery row stays the source of truth (status, due time, lease); pg-boss only wakes a worker when it is due.
import type { Prisma } from "@weft/db";
import { fromPrisma, type PgBoss, type Queue } from "pg-boss";

export const WEBHOOK_QUEUE = "webhook-delivery";

/** One queued entry per delivery (singletonKey); no pg-boss retries: a lost entry is re-queued by the sweep. */
const queueOptions = {
  policy: "short",
  notify: true,
  retryLimit: 0,
  expireInSeconds: 120,
  deleteAfterSeconds: 24 * 60 * 60,
} satisfies Omit<Queue, "name">;

export type WebhookQueue = {
  /** Queues a delivery, through the caller's transaction when given (it then commits with the caller's change). */
  enqueue(deliveryId: string, options?: { tx?: Prisma.TransactionClient; startAfter?: Date }): Promise<void>;
  work(
    handler: (deliveryId: string) => Promise<void>,
    options: { concurrency: number; onError: (error: unknown) => void },
  ): Promise<void>;
};

export async function createWebhookQueue(boss: PgBoss): Promise<WebhookQueue> {
  // Also fills pg-boss's queue cache, so a send inside a PGlite transaction never looks the queue up outside it.
  await boss.createQueue(WEBHOOK_QUEUE, queueOptions);
  const fetchAgainWhenDone = () => {
    for (const worker of boss.getWipData())
      if (worker.name === WEBHOOK_QUEUE && worker.count > 0) boss.notifyWorker(worker.id);
  };
  return {
    async enqueue(deliveryId, { tx, startAfter } = {}) {
      await boss.send(
        WEBHOOK_QUEUE,
        { deliveryId },
        { singletonKey: deliveryId, ...(startAfter ? { startAfter } : {}), ...(tx ? { db: fromPrisma(tx) } : {}) },
      );
    },
    async work(handler, { concurrency, onError }) {
      await boss.work(
        WEBHOOK_QUEUE,
        { pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 1, batchSize: 1, localConcurrency: concurrency },
        async (jobs) => {
          try {
            for (const job of jobs) {
              const data = job.data as { deliveryId?: unknown };
              if (typeof data?.deliveryId === "string") await handler(data.deliveryId);
            }
          } catch (error) {
            onError(error); // the delivery row keeps its state: the sweep queues it again
          } finally {
            fetchAgainWhenDone();
          }
        },
      );
    },
  };
}
