// Web sessions: a signed, httpOnly cookie naming the API key the person signed in with. The signature is keyed by
// that key's stored hash (plus WEFT_SESSION_SECRET when set), so revoking the key ends its sessions and every web
// process can verify a cookie without sharing a secret.
import { createHmac, timingSafeEqual } from "node:crypto";
import { env, type PrismaClient } from "@weft/db";
import type { Principal } from "./principal";

export const SESSION_COOKIE = "weft_session";
export const SESSION_TTL_SECONDS = 7 * 24 * 3600;

function signature(secretHash: string, payload: string): string {
  return createHmac("sha256", `${secretHash}${env.WEFT_SESSION_SECRET ?? ""}`).update(payload).digest("base64url");
}

export function signSession(apiKeyId: string, secretHash: string, now = Date.now()): string {
  const payload = `${apiKeyId}.${now + SESSION_TTL_SECONDS * 1000}`;
  return `${payload}.${signature(secretHash, payload)}`;
}

export async function verifySession(prisma: PrismaClient, value: string, now = new Date()): Promise<Principal | null> {
  const [keyId, expires, mac] = value.split(".");
  if (!keyId || !expires || !mac || !/^[0-9a-f-]{36}$/i.test(keyId) || Number(expires) < now.getTime()) return null;
  const key = await prisma.apiKey.findUnique({
    where: { id: keyId },
    select: { id: true, secretHash: true, revokedAt: true, expiresAt: true, organizationId: true, organization: { select: { name: true } } },
  });
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return null;
  const expected = Buffer.from(signature(key.secretHash, `${keyId}.${expires}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { organizationId: key.organizationId, organizationName: key.organization.name, apiKeyId: key.id, via: "session" };
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [k, ...rest] = part.trim().split("=");
    if (k === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}
