// Webhook inputs and views (WEBHOOKS.md), shared by the tRPC router and the REST adapter's snake_case schemas.
import { z } from "zod";
import { isValidWebhookSecret, WEBHOOK_EVENT_TYPES } from "@weft/engine";
import { pageLimit, pageSkip } from "./schemas";

export const webhookUrl = z
  .string()
  .min(1, "must not be empty")
  .max(2083, "must be at most 2083 characters")
  .refine((value) => {
    try {
      const protocol = new URL(value).protocol;
      return protocol === "http:" || protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an http or https URL");
export const webhookEventTypes = z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, "must list at least one event type");
export const webhookSecret = z
  .string()
  .refine(isValidWebhookSecret, "must be whsec_ followed by the base64 of 24 to 75 bytes");
export const subscriptionId = z.string().min(1).max(100);
export const messageId = z.string().min(1).max(100);

export const createSubscriptionInput = z.object({
  url: webhookUrl,
  eventTypes: webhookEventTypes,
  secret: webhookSecret.optional(),
});
export const subscriptionKey = z.object({ id: subscriptionId });
export const getSubscriptionInput = subscriptionKey.extend({ includeSecret: z.boolean().default(false) });
export const updateSubscriptionInput = subscriptionKey.extend({
  url: webhookUrl.optional(),
  eventTypes: webhookEventTypes.optional(),
  disabled: z.boolean().optional(),
  recoverSince: z.coerce.date().optional(),
});
export const recoverInput = subscriptionKey.extend({ since: z.coerce.date(), until: z.coerce.date().optional() });
export const listMessagesInput = z.object({
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).optional(),
  skip: pageSkip.default(0),
  limit: pageLimit.default(100),
});
export const getMessageInput = z.object({ id: messageId, includeAttempts: z.boolean().default(false) });
export const resendInput = z.object({ messageId, subscriptionId });

export const healthStatus = z.enum(["healthy", "degraded", "failing", "unknown"]);

export const subscriptionView = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  disabled: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
  healthStatus,
});
export const attemptView = z.object({
  id: z.string(),
  messageId: z.string(),
  endpointId: z.string(),
  eventType: z.string(),
  response: z.string().nullable(),
  responseStatusCode: z.number(),
  status: z.enum(["success", "pending", "failed"]),
  timestamp: z.date(),
  url: z.string(),
});
export const subscriptionDetailView = subscriptionView.extend({
  deliveryAttempts: z.array(attemptView),
  secret: z.string().nullable(),
});
export const createdSubscriptionView = subscriptionView.extend({ secret: z.string() });
export const messageView = z.object({
  id: z.string(),
  eventType: z.string(),
  payload: z.record(z.string(), z.unknown()),
  timestamp: z.date(),
});
export const messageWithAttemptsView = messageView.extend({ deliveryAttempts: z.array(attemptView).nullable() });
export const recoverView = z.object({ id: z.string(), status: z.enum(["running", "finished"]), count: z.number() });

export type SubscriptionView = z.infer<typeof subscriptionView>;
export type SubscriptionDetailView = z.infer<typeof subscriptionDetailView>;
export type AttemptView = z.infer<typeof attemptView>;
export type MessageView = z.infer<typeof messageView>;
export type MessageWithAttemptsView = z.infer<typeof messageWithAttemptsView>;
