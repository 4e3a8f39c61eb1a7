// Who is looking at a page: server components check the session cookie against the database (the proxy only checks
// that a cookie is there), and send people without a valid session to /sign-in.
import type { Principal } from "@weft/api";
import { verifySession, SESSION_COOKIE } from "@weft/auth";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { serverState } from "./state";

class ServerNotReadyError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = "ServerNotReadyError";
  }
}

/** Throws while instrumentation is still starting the engine (or after it failed): never start a second one. */
export function assertServerReady(): void {
  const state = serverState();
  if (state.phase === "starting") throw new ServerNotReadyError("Weft is still starting: retry in a few seconds");
  if (state.phase === "failed") throw new ServerNotReadyError(`Weft could not start: ${state.error}`);
}

/** The signed-in principal, or null (no cookie, expired, revoked, or the server is not ready yet). */
export const currentPrincipal = cache(async (): Promise<Principal | null> => {
  if (serverState().phase !== "ready") return null;
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!value) return null;
  const { getEngine } = await import("@weft/engine");
  return verifySession((await getEngine()).db.prisma, value);
});

/** For pages behind sign-in: the principal, or a redirect to /sign-in that comes back to `path` afterwards. */
export async function requireSession(path: string): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return principal;
}

const BASE = "http://weft.invalid";

/**
 * Only a path on this server may be a redirect target after sign-in. The value is parsed as a browser would (which
 * drops tabs and newlines and reads `\` as `/`), so `/%09/evil.com`, `//evil.com`, `/\evil.com` and absolute URLs
 * all end up on `/`.
 */
export function safeNextPath(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value?.startsWith("/")) return "/";
  try {
    const url = new URL(value, BASE);
    return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : "/";
  } catch {
    return "/";
  }
}
