// API keys made through the API: a key cannot outlive the key that made it (the CLI, run by the operator on the
// server, makes any key). A maker without expiry may make keys with or without one.
import { invalid } from "@weft/errors";
import { createApiKey } from "@weft/auth";
import type { PrismaClient } from "@weft/db";

const DAY_MS = 86_400_000;

export async function createKeyFromKey(
  prisma: PrismaClient,
  maker: { organizationId: string; apiKeyId: string },
  input: { name: string; expiresInDays?: number },
  now = new Date(),
) {
  const requested = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null;
  const { expiresAt: limit } = await prisma.apiKey.findUniqueOrThrow({
    where: { id: maker.apiKeyId },
    select: { expiresAt: true },
  });
  if (limit && requested && requested > limit) {
    const days = Math.floor((limit.getTime() - now.getTime()) / DAY_MS);
    const message = `The key you are using expires at ${limit.toISOString()}: a key it creates cannot expire later (${days >= 1 ? `at most ${days} days` : "leave the expiry empty to match it"}).`;
    throw invalid(message, [{ path: ["expiresInDays"], message }]);
  }
  // No expiry asked for: the new key expires with its maker.
  return createApiKey(prisma, {
    organizationId: maker.organizationId,
    name: input.name,
    expiresAt: requested ?? limit,
  });
}
