// Web sessions: the cookie holds a random 32-byte id and the session table only its SHA-256, so nothing read from the
// database can be turned into a valid cookie. A session ends at its absolute expiry (WEFT_SESSION_MAX_AGE_SECONDS),
// after WEFT_SESSION_IDLE_SECONDS without a request, on sign-out (its row is deleted), or when the API key it was
// opened with is revoked (its rows are deleted with it) or expires.
import { createHash, randomBytes } from "node:crypto";
import { env } from "@weft/config";
import type { PrismaClient } from "@weft/db";
import type { ApiKeyPrincipal } from "./api-keys";

/** Who a live session acts for: the organization and key it was opened with. */
export type SessionPrincipal = ApiKeyPrincipal & { via: "session" };

export const SESSION_COOKIE = "weft_session";
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** last_seen_at is written at most once a minute, not on every request. */
const TOUCH_AFTER_MS = 60_000;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new session for the key; the token is for the cookie only and is not stored. */
export async function createSession(
  prisma: PrismaClient,
  apiKeyId: string,
  now = new Date(),
): Promise<{ token: string; maxAgeSeconds: number }> {
  const token = randomBytes(32).toString("base64url");
  const maxAgeSeconds = env.WEFT_SESSION_MAX_AGE_SECONDS;
  const idleCutoff = new Date(now.getTime() - env.WEFT_SESSION_IDLE_SECONDS * 1000);
  await prisma.session.deleteMany({
    where: { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: idleCutoff } }] },
  });
  await prisma.session.create({
    data: {
      tokenHash: hashToken(token),
      apiKeyId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + maxAgeSeconds * 1000),
    },
  });
  return { token, maxAgeSeconds };
}

/** The principal of a live session, or null (unknown, expired, idle too long, key revoked or expired). */
export async function verifySession(
  prisma: PrismaClient,
  token: string,
  now = new Date(),
): Promise<SessionPrincipal | null> {
  if (!TOKEN.test(token)) return null;
  const session = await prisma.session.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      expiresAt: true,
      lastSeenAt: true,
      apiKey: {
        select: {
          id: true,
          revokedAt: true,
          expiresAt: true,
          organizationId: true,
          organization: { select: { name: true } },
        },
      },
    },
  });
  if (!session) return null;
  const key = session.apiKey;
  const idleUntil = session.lastSeenAt.getTime() + env.WEFT_SESSION_IDLE_SECONDS * 1000;
  if (
    session.expiresAt <= now ||
    idleUntil <= now.getTime() ||
    key.revokedAt ||
    (key.expiresAt && key.expiresAt <= now)
  ) {
    await prisma.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS)
    await prisma.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: now } });
  return {
    organizationId: key.organizationId,
    organizationName: key.organization.name,
    apiKeyId: key.id,
    via: "session",
  };
}

/** Sign-out: the session's row is deleted, so the cookie is worthless even if it was copied. */
export async function endSession(prisma: PrismaClient, token: string): Promise<void> {
  if (TOKEN.test(token)) await prisma.session.deleteMany({ where: { tokenHash: hashToken(token) } });
}

/** A cookie's value; a malformed one (e.g. a stray `%`) counts as absent, never as an error. */
export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [k, ...rest] = part.trim().split("=");
    if (k !== name) continue;
    try {
      return decodeURIComponent(rest.join("="));
    } catch {
      return null;
    }
  }
  return null;
}
