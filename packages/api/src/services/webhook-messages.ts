// Webhook messages (the outbox rows), newest first, with their attempts when asked.
import { notFound } from "@weft/errors";
import type { Prisma, PrismaClient } from "@weft/db";
import type { Engine } from "@weft/engine";
import type { MessageView, MessageWithAttemptsView } from "../webhook-schemas";
import { toAttemptView } from "./webhook-views";

type Row = { id: string; eventType: string; payload: Prisma.JsonValue; createdAt: Date };

function toMessageView(row: Row): MessageView {
  return {
    id: row.id,
    eventType: row.eventType,
    payload: row.payload as Record<string, unknown>,
    timestamp: row.createdAt,
  };
}

/** Newest first on webhook_message_org_newest_idx; `skip` is an OFFSET (linear in its value). */
export async function listMessages(
  prisma: PrismaClient,
  organizationId: string,
  input: { eventTypes?: string[]; skip: number; limit: number },
): Promise<MessageView[]> {
  const rows = await prisma.webhookMessage.findMany({
    where: { organizationId, ...(input.eventTypes?.length ? { eventType: { in: input.eventTypes } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: input.skip,
    take: input.limit,
  });
  return rows.map(toMessageView);
}

export async function getMessage(
  engine: Engine,
  organizationId: string,
  id: string,
  includeAttempts: boolean,
): Promise<MessageWithAttemptsView> {
  const row = await engine.db.prisma.webhookMessage.findFirst({ where: { id, organizationId } });
  if (!row) throw notFound("Webhook message", id);
  const attempts = includeAttempts
    ? await engine.db.prisma.webhookAttempt.findMany({
        where: { messageId: id },
        orderBy: { createdAt: "desc" },
        include: { message: { select: { eventType: true } } },
      })
    : null;
  return { ...toMessageView(row), deliveryAttempts: attempts ? attempts.map(toAttemptView) : null };
}
