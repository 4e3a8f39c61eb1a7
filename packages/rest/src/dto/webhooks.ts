// Webhook DTOs (WEBHOOKS.md "Shapes"): Svix's field names, ISO timestamps.
import { z } from "zod";
import type {
  AttemptView,
  MessageView,
  MessageWithAttemptsView,
  SubscriptionDetailView,
  SubscriptionView,
} from "@weft/api";

export const webhookSubscriptionSchema = z.object({
  id: z.string(),
  url: z.string(),
  filter_types: z.array(z.string()),
  disabled: z.boolean(),
  description: z.null(),
  created_at: z.string(),
  updated_at: z.string(),
  health_status: z.enum(["healthy", "degraded", "failing", "unknown"]),
});
const deliveryAttemptSchema = z.object({
  id: z.string(),
  message_id: z.string(),
  endpoint_id: z.string(),
  response: z.string().nullable(),
  response_status_code: z.number(),
  status: z.enum(["success", "pending", "failed"]),
  timestamp: z.string(),
  url: z.string(),
});
export const webhookSubscriptionDetailSchema = webhookSubscriptionSchema.extend({
  delivery_attempts: z.array(deliveryAttemptSchema),
  secret: z.string().nullable(),
});
export const webhookMessageSchema = z.object({
  id: z.string(),
  event_type: z.string(),
  payload: z.record(z.string(), z.unknown()),
  timestamp: z.string(),
  channels: z.array(z.string()),
  tags: z.null(),
});
export const webhookMessageWithAttemptsSchema = webhookMessageSchema.extend({
  delivery_attempts: z.array(deliveryAttemptSchema).nullable(),
});
export const recoverSchema = z.object({ id: z.string(), status: z.string() });

export function subscriptionDto(s: SubscriptionView): z.infer<typeof webhookSubscriptionSchema> {
  return {
    id: s.id,
    url: s.url,
    filter_types: s.eventTypes,
    disabled: s.disabled,
    description: null,
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
    health_status: s.healthStatus,
  };
}

function attemptDto(a: AttemptView): z.infer<typeof deliveryAttemptSchema> {
  return {
    id: a.id,
    message_id: a.messageId,
    endpoint_id: a.endpointId,
    response: a.response,
    response_status_code: a.responseStatusCode,
    status: a.status,
    timestamp: a.timestamp.toISOString(),
    url: a.url,
  };
}

export function subscriptionDetailDto(s: SubscriptionDetailView): z.infer<typeof webhookSubscriptionDetailSchema> {
  return { ...subscriptionDto(s), delivery_attempts: s.deliveryAttempts.map(attemptDto), secret: s.secret };
}

export function messageDto(m: MessageView): z.infer<typeof webhookMessageSchema> {
  return {
    id: m.id,
    event_type: m.eventType,
    payload: m.payload,
    timestamp: m.timestamp.toISOString(),
    channels: [m.eventType],
    tags: null,
  };
}

export function messageWithAttemptsDto(m: MessageWithAttemptsView): z.infer<typeof webhookMessageWithAttemptsSchema> {
  return { ...messageDto(m), delivery_attempts: m.deliveryAttempts ? m.deliveryAttempts.map(attemptDto) : null };
}
