// POST /api/session signs in with an API key (opens a session, sets the weft_session cookie); DELETE signs out
// (deletes the session, clears the cookie). Both must come from this server's own pages (Origin / Sec-Fetch-Site).
import { isSameOrigin } from "@weft/api";
import { createSession, endSession, readCookie, SESSION_COOKIE } from "@weft/auth";
import { serverState } from "./state";

type SignInBody = { apiKey?: unknown };

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}

function isHttps(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return (forwarded ?? new URL(request.url).protocol.replace(":", "")) === "https";
}

function cookie(request: Request, value: string, maxAge: number): string {
  const parts = [`${SESSION_COOKIE}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAge}`];
  if (isHttps(request)) parts.push("Secure");
  return parts.join("; ");
}

function notReady(): Response | null {
  const state = serverState();
  if (state.phase === "ready") return null;
  const detail =
    state.phase === "failed"
      ? `Weft could not start: ${state.error}`
      : "Weft is still starting: try again in a few seconds.";
  return json({ ok: false, error: detail }, 503, { "retry-after": "2" });
}

function crossOrigin(request: Request): Response | null {
  if (isSameOrigin(request.headers, request.url)) return null;
  const detail = "Cross-origin request refused: sign in and out from this server's own pages.";
  return json({ ok: false, error: detail, detail }, 403);
}

export async function signIn(request: Request): Promise<Response> {
  const refused = crossOrigin(request) ?? notReady();
  if (refused) return refused;
  const body = (await request.json().catch(() => ({}))) as SignInBody;
  const apiKey = typeof body.apiKey === "string" ? body.apiKey.trim() : "";
  if (!apiKey) return json({ ok: false, error: "Enter an API key." });
  const { verifyApiKey } = await import("@weft/auth");
  const { getEngine } = await import("@weft/engine");
  const prisma = (await getEngine()).db.prisma;
  const principal = await verifyApiKey(prisma, apiKey);
  if (!principal) {
    // 200 with ok: false, not 401: a mistyped key is an expected answer to the form (the browser logs every 4xx
    // response of fetch() as a console error, which would make a normal mistake look like a fault).
    return json({
      ok: false,
      error: "That API key is not valid: it may be mistyped, revoked or expired. Keys start with weft_.",
    });
  }
  const session = await createSession(prisma, principal.apiKeyId);
  return json({ ok: true, organization: principal.organizationName }, 200, {
    "set-cookie": cookie(request, session.token, session.maxAgeSeconds),
  });
}

export async function signOut(request: Request): Promise<Response> {
  const refused = crossOrigin(request) ?? notReady();
  if (refused) return refused;
  const token = readCookie(request.headers.get("cookie"), SESSION_COOKIE);
  if (token) {
    const { getEngine } = await import("@weft/engine");
    await endSession((await getEngine()).db.prisma, token);
  }
  return json({ signedOut: true }, 200, { "set-cookie": cookie(request, "", 0) });
}
