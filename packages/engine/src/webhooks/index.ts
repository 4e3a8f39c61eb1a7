export {
  WEBHOOK_EVENT_TYPES,
  isValidWebhookSecret,
  newWebhookSecret,
  webhookId,
  type WebhookEventType,
} from "./events";
export { recordWebhookEvent } from "./outbox";
export { onWebhookDelivery, type DeliveryObservation } from "./observe";
export { sealWebhookSecret, openWebhookSecret } from "./secret";
export { signWebhook } from "./signature";
export { WEBHOOK_QUEUE, type WebhookQueue } from "./queue";
export { RESPONSE_BODY_CAP, WEBHOOK_TIMEOUT_MS } from "./send";
