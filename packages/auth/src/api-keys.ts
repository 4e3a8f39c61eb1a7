// API keys: a random secret shown once; only its SHA-256 is stored (a high-entropy secret needs no slow hash), so a
// lookup is one indexed query on `secret_hash`.
import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@weft/db";

const SECRET_PREFIX = "weft_";
const DISPLAY_PREFIX_LENGTH = 12;

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export type CreatedApiKey = {
  id: string;
  name: string;
  prefix: string;
  secret: string;
  expiresAt: Date | null;
  createdAt: Date;
};

export async function createApiKey(
  prisma: PrismaClient,
  input: { organizationId: string; name: string; expiresAt?: Date | null },
): Promise<CreatedApiKey> {
  const secret = SECRET_PREFIX + randomBytes(32).toString("base64url");
  const row = await prisma.apiKey.create({
    data: {
      organizationId: input.organizationId,
      name: input.name,
      prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
      secretHash: hashSecret(secret),
      expiresAt: input.expiresAt ?? null,
    },
  });
  return { id: row.id, name: row.name, prefix: row.prefix, secret, expiresAt: row.expiresAt, createdAt: row.createdAt };
}

export type ApiKeyPrincipal = { apiKeyId: string; organizationId: string; organizationName: string };

/** The organization a secret belongs to, or null when it is unknown, revoked or expired. */
export async function verifyApiKey(
  prisma: PrismaClient,
  secret: string,
  now = new Date(),
): Promise<ApiKeyPrincipal | null> {
  if (!secret.startsWith(SECRET_PREFIX)) return null;
  const key = await prisma.apiKey.findUnique({
    where: { secretHash: hashSecret(secret) },
    select: {
      id: true,
      organizationId: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      organization: { select: { name: true } },
    },
  });
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return null;
  // last_used_at at minute resolution: avoids a write on every request.
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > 60_000) {
    await prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  }
  return { apiKeyId: key.id, organizationId: key.organizationId, organizationName: key.organization.name };
}

export async function listApiKeys(prisma: PrismaClient, organizationId: string) {
  return prisma.apiKey.findMany({
    where: { organizationId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true },
  });
}

/** Revokes by id or by display prefix within the organization, ending its web sessions; whether a key was revoked. */
export async function revokeApiKey(prisma: PrismaClient, organizationId: string, idOrPrefix: string): Promise<boolean> {
  const isUuid = /^[0-9a-f-]{36}$/i.test(idOrPrefix);
  const { count } = await prisma.apiKey.updateMany({
    where: { organizationId, revokedAt: null, ...(isUuid ? { id: idOrPrefix } : { prefix: idOrPrefix }) },
    data: { revokedAt: new Date() },
  });
  // Sessions also check the key on every request; deleting them leaves nothing behind.
  await prisma.session.deleteMany({ where: { apiKey: { organizationId, revokedAt: { not: null } } } });
  return count > 0;
}
