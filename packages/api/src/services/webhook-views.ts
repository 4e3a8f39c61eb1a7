// Rows → webhook views: health from an endpoint's last 10 attempts, attempt status from the response code.
import type { PrismaClient } from "@weft/db";
import type { AttemptView, SubscriptionView } from "../webhook-schemas";

type AttemptRow = {
  id: string;
  messageId: string;
  subscriptionId: string;
  url: string;
  responseStatusCode: number;
  response: string | null;
  createdAt: Date;
  message: { eventType: string };
};
type SubscriptionRow = {
  id: string;
  url: string;
  eventTypes: string[];
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
};

const is2xx = (code: number) => code >= 200 && code < 300;

function attemptStatus(code: number): AttemptView["status"] {
  if (is2xx(code)) return "success";
  return code === 0 ? "pending" : "failed";
}

export function toAttemptView(row: AttemptRow): AttemptView {
  return {
    id: row.id,
    messageId: row.messageId,
    endpointId: row.subscriptionId,
    eventType: row.message.eventType,
    response: row.response,
    responseStatusCode: row.responseStatusCode,
    status: attemptStatus(row.responseStatusCode),
    timestamp: row.createdAt,
    url: row.url,
  };
}

/** none → unknown; the newest 3 or more all non-2xx → failing; all 2xx → healthy; otherwise degraded. */
function healthOf(codesNewestFirst: number[]): SubscriptionView["healthStatus"] {
  if (codesNewestFirst.length === 0) return "unknown";
  if (codesNewestFirst.every(is2xx)) return "healthy";
  const leadingFailures = codesNewestFirst.findIndex(is2xx);
  const failing = leadingFailures === -1 ? codesNewestFirst.length : leadingFailures;
  return failing >= 3 ? "failing" : "degraded";
}

export async function withHealth(prisma: PrismaClient, rows: SubscriptionRow[]): Promise<SubscriptionView[]> {
  if (!rows.length) return [];
  const recent = await prisma.$queryRawUnsafe<{ subscription_id: string; codes: number[] }[]>(
    `SELECT s.id AS subscription_id, coalesce(array(
       SELECT a.response_status_code FROM webhook_attempt a WHERE a.subscription_id = s.id ORDER BY a.created_at DESC LIMIT 10
     ), '{}') AS codes
     FROM webhook_subscription s WHERE s.id = ANY ($1::text[])`,
    rows.map((r) => r.id),
  );
  const codes = new Map(recent.map((r) => [r.subscription_id, r.codes.map(Number)]));
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    eventTypes: row.eventTypes,
    disabled: row.disabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    healthStatus: healthOf(codes.get(row.id) ?? []),
  }));
}
