// Who is calling: always one organization, reached through an API key (header) or — where the caller allows it — a
// web session (cookie). /v1 never takes the cookie.
import type { PrismaClient } from "@weft/db";
import { readCookie, SESSION_COOKIE, verifyApiKey, verifySession } from "@weft/auth";

export type Principal = {
  organizationId: string;
  organizationName: string;
  apiKeyId: string;
  via: "api_key" | "session";
};

/** The API key from `x-api-key` or `Authorization: Bearer`, if any. */
export function apiKeyFromHeaders(headers: Headers): string | null {
  const direct = headers.get("x-api-key")?.trim();
  if (direct) return direct;
  const match = /^Bearer\s+(.+)$/i.exec(headers.get("authorization") ?? "");
  return match?.[1]?.trim() || null;
}

export async function authenticate(
  prisma: PrismaClient,
  headers: Headers,
  options: { session: boolean },
): Promise<Principal | null> {
  const key = apiKeyFromHeaders(headers);
  if (key) {
    const found = await verifyApiKey(prisma, key);
    return found ? { ...found, via: "api_key" } : null;
  }
  if (!options.session) return null;
  const cookie = readCookie(headers.get("cookie"), SESSION_COOKIE);
  return cookie ? verifySession(prisma, cookie) : null;
}
