// POST /api/session signs in with an API key (sets the weft_session cookie); DELETE signs out (clears it).
import { SESSION_COOKIE, SESSION_TTL_SECONDS, signSession } from "@weft/api";
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

export async function signIn(request: Request): Promise<Response> {
  const state = serverState();
  if (state.phase !== "ready") {
    const detail = state.phase === "failed" ? `Weft could not start: ${state.error}` : "Weft is still starting: try again in a few seconds.";
    return json({ ok: false, error: detail }, 503, { "retry-after": "2" });
  }
  const body = (await request.json().catch(() => ({}))) as SignInBody;
  const apiKey = typeof body.apiKey === "string" ? body.apiKey.trim() : "";
  if (!apiKey) return json({ ok: false, error: "Enter an API key." });
  const { verifyApiKey } = await import("@weft/db");
  const { getEngine } = await import("@weft/engine");
  const prisma = (await getEngine()).db.prisma;
  const principal = await verifyApiKey(prisma, apiKey);
  const key = principal ? await prisma.apiKey.findUnique({ where: { id: principal.apiKeyId }, select: { secretHash: true } }) : null;
  if (!principal || !key) {
    // 200 with ok: false, not 401: a mistyped key is an expected answer to the form (the browser logs every 4xx
    // response of fetch() as a console error, which would make a normal mistake look like a fault).
    return json({ ok: false, error: "That API key is not valid: it may be mistyped, revoked or expired. Keys start with weft_." });
  }
  const value = signSession(principal.apiKeyId, key.secretHash);
  return json({ ok: true, organization: principal.organizationName }, 200, { "set-cookie": cookie(request, value, SESSION_TTL_SECONDS) });
}

export function signOut(request: Request): Response {
  return json({ signedOut: true }, 200, { "set-cookie": cookie(request, "", 0) });
}
