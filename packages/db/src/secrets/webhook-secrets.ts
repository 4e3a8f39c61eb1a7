// Webhook signing secrets (webhook_subscription.secret): sealed like credentials, bound to their subscription, and
// moved to the new key by `pnpm weft secrets rotate` with everything else.
import type { PrismaClient } from "../generated/prisma/client";
import type { Keyring } from "./keyring";
import { isSealed, open, seal, sealedKeyId, SecretUnreadableError } from "./seal";

export function webhookSecretContext(subscriptionId: string): string {
  return `webhook_subscription:${subscriptionId}:secret`;
}

const rows = (prisma: PrismaClient) => prisma.webhookSubscription.findMany({ select: { id: true, secret: true } });

/** Throws unless every webhook secret was sealed with one of `ring`'s keys. */
export async function assertWebhookSecretKeys(prisma: PrismaClient, ring: Keyring): Promise<void> {
  const known = new Set(ring.all.map((k) => k.id));
  const unknown = new Set(
    (await rows(prisma))
      .map((r) => (isSealed(r.secret) ? (sealedKeyId(r.secret) ?? "") : ""))
      .filter((id) => id && !known.has(id)),
  );
  if (unknown.size) {
    throw new SecretUnreadableError(
      `webhook secrets are encrypted with key ${[...unknown].join(", ")}, which this process does not have: set WEFT_SECRET_KEY to the same key on every Weft process`,
    );
  }
}

/** Re-encrypts every webhook secret not under `ring.current`; a row changed meanwhile is left to its writer. */
export async function resealWebhookSecrets(prisma: PrismaClient, ring: Keyring): Promise<number> {
  let count = 0;
  for (const row of await rows(prisma)) {
    if (!isSealed(row.secret) || sealedKeyId(row.secret) === ring.current.id) continue;
    const next = seal(open(row.secret, webhookSecretContext(row.id), ring), webhookSecretContext(row.id), ring);
    count += (
      await prisma.webhookSubscription.updateMany({ where: { id: row.id, secret: row.secret }, data: { secret: next } })
    ).count;
  }
  return count;
}

/** Webhook secrets not sealed under `keyId`. */
export async function countWebhookSecretsNotUnder(prisma: PrismaClient, keyId: string): Promise<number> {
  return (await rows(prisma)).filter((r) => !isSealed(r.secret) || sealedKeyId(r.secret) !== keyId).length;
}
