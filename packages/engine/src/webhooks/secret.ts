// A subscription's signing secret is sealed (AES-256-GCM) bound to its row, like every other stored secret.
import { openSecret, sealSecret } from "@weft/db";

const context = (subscriptionId: string) => `webhook_subscription:${subscriptionId}:secret`;

export const sealWebhookSecret = (subscriptionId: string, secret: string) => sealSecret(secret, context(subscriptionId));
export const openWebhookSecret = (subscriptionId: string, sealed: string) => openSecret(sealed, context(subscriptionId));
