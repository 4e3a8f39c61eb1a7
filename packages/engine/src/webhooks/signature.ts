// Svix / Standard Webhooks signing: HMAC-SHA256 over "{id}.{timestamp}.{body}" with the base64-decoded secret
// (without "whsec_"), sent as "v1,<base64>" under both header families.
import { createHmac } from "node:crypto";

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

export function webhookHeaders(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
  version: string,
): Record<string, string> {
  const signature = signWebhook(secret, id, timestamp, body);
  const ts = String(timestamp);
  return {
    "content-type": "application/json",
    "user-agent": `Weft-Webhooks/${version}`,
    "svix-id": id,
    "svix-timestamp": ts,
    "svix-signature": signature,
    "webhook-id": id,
    "webhook-timestamp": ts,
    "webhook-signature": signature,
  };
}
