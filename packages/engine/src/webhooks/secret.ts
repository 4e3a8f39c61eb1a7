// A subscription's signing secret is sealed (AES-256-GCM) bound to its row, like every other stored secret.
import { openSecret, sealSecret, webhookSecretContext } from "@weft/db";

export const sealWebhookSecret = (subscriptionId: string, secret: string) =>
  sealSecret(secret, webhookSecretContext(subscriptionId));
export const openWebhookSecret = (subscriptionId: string, sealed: string) =>
  openSecret(sealed, webhookSecretContext(subscriptionId));
