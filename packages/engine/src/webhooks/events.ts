// The webhook event types and ids of WEBHOOKS.md. Dependency-free: the API's schemas and the UI read the same list.
import { randomBytes } from "node:crypto";

export const WEBHOOK_EVENT_TYPES = [
  "sync.pending",
  "sync.running",
  "sync.completed",
  "sync.failed",
  "sync.cancelled",
  "source_connection.created",
  "source_connection.deleted",
  "collection.created",
  "collection.updated",
  "collection.deleted",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Svix-style ids: a prefix and 27 random base62 characters (`ep_…`, `msg_…`, `atmpt_…`). */
export function webhookId(prefix: "ep" | "msg" | "atmpt" | "qtask"): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  return `${prefix}_${Array.from(randomBytes(27), (b) => alphabet[b % 62]).join("")}`;
}

/** `whsec_` + base64 of 24 random bytes, as Svix generates. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** A secret as WEBHOOKS.md accepts it: `whsec_` + base64 of 24–75 bytes. */
export function isValidWebhookSecret(secret: string): boolean {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret);
  if (!match?.[1] || match[1].length % 4 !== 0) return false;
  const bytes = Buffer.from(match[1], "base64").length;
  return bytes >= 24 && bytes <= 75;
}
