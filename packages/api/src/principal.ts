// Who is calling: always one organization, reached through an API key (header) or — where the caller allows it — a
// web session (cookie). /v1 never takes the cookie.
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { PrismaClient } from "@weft/db";
import { readCookie, SESSION_COOKIE, verifyApiKey, verifySession, type ApiKeyPrincipal } from "@weft/auth";

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

/**
 * How long a verified API key is trusted without asking the database again: a key revoked (or expired) elsewhere —
 * another process, the CLI — stops working within this time. A revocation through this process forgets at once.
 */
export const PRINCIPAL_TTL_MS = 1000;

type KeyCache = LRUCache<string, ApiKeyPrincipal, string>;

/**
 * Verified keys by SHA-256 of the secret (never the secret itself), one cache per database client: a process has
 * one, and a test that opens two clients on one database has two independent "processes". Unknown and revoked keys
 * are not cached (every try asks the database); concurrent first requests with one key share one lookup.
 */
const caches = new WeakMap<PrismaClient, KeyCache>();

function keyCache(prisma: PrismaClient, clock?: { now(): number }): KeyCache {
  let cache = caches.get(prisma);
  if (!cache) {
    cache = new LRUCache<string, ApiKeyPrincipal, string>({
      max: 10_000,
      ttl: PRINCIPAL_TTL_MS,
      ...(clock ? { perf: clock, ttlResolution: 0 } : {}), // a test clock is read on every check
      fetchMethod: async (_hash, _stale, { context: secret }) => (await verifyApiKey(prisma, secret)) ?? undefined,
    });
    caches.set(prisma, cache);
  }
  return cache;
}

/** The organization an API key belongs to (cached for at most PRINCIPAL_TTL_MS), or null. */
async function verifyApiKeyCached(prisma: PrismaClient, secret: string): Promise<ApiKeyPrincipal | null> {
  const hash = createHash("sha256").update(secret).digest("hex");
  return (await keyCache(prisma).fetch(hash, { context: secret })) ?? null;
}

/** After a revocation through this process: no key of this database is trusted from the cache any more. */
export function forgetVerifiedKeys(prisma: PrismaClient): void {
  caches.get(prisma)?.clear();
}

/** Tests: the cache of this client measures its TTL on `clock` (set before the first lookup). */
export function useKeyCacheClock(prisma: PrismaClient, clock: { now(): number }): void {
  caches.delete(prisma);
  keyCache(prisma, clock);
}

export async function authenticate(
  prisma: PrismaClient,
  headers: Headers,
  options: { session: boolean },
): Promise<Principal | null> {
  const key = apiKeyFromHeaders(headers);
  if (key) {
    const found = await verifyApiKeyCached(prisma, key);
    return found ? { ...found, via: "api_key" } : null;
  }
  if (!options.session) return null;
  const cookie = readCookie(headers.get("cookie"), SESSION_COOKIE);
  return cookie ? verifySession(prisma, cookie) : null;
}
