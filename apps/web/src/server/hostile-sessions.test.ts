// Sessions and requests against the BUILT app over real HTTP, as a stranger with a browser or a script would try
// them: forged and malformed cookies, cross-origin state changes, the cookie on /v1, open redirects after sign-in,
// sign-out and key revocation ending sessions, and keys that would outlive their maker. On PGlite, and on a scratch
// PostgreSQL database when DATABASE_URL is set.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@weft/config";
import { createScratchPostgres, testBackend } from "@weft/db/testing";
import { NOT_BUILT_MESSAGE, startBuiltWeb, webIsBuilt, type BuiltWeb } from "./testing/built-server";

if (!webIsBuilt) console.log(`hostile-sessions tests skipped: ${NOT_BUILT_MESSAGE}`);

const EVIL = "https://evil.example";
type Headers = Record<string, string>;

describe.skipIf(!webIsBuilt)(`sessions and requests under next start (${testBackend})`, () => {
  let web: BuiltWeb;
  let drop: (() => Promise<void>) | undefined;
  let demoKey = "";
  beforeAll(async () => {
    const scratch = env.DATABASE_URL ? await createScratchPostgres(env.DATABASE_URL, "sessions") : undefined;
    drop = scratch?.drop;
    web = await startBuiltWeb({ env: scratch ? { DATABASE_URL: scratch.url } : {} });
    demoKey = web.demoKey ?? "";
    expect(demoKey).toMatch(/^weft_/);
    expect(web.output()).toMatch(scratch ? /PostgreSQL at / : /embedded PGlite/);
  });
  afterAll(async () => {
    await web?.stop();
    await drop?.();
  });

  const call = (path: string, init: { method?: string; headers?: Headers; body?: unknown } = {}) =>
    fetch(`${web.url}${path}`, {
      method: init.method ?? "GET",
      redirect: "manual",
      headers: { ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const query = (procedure: string, headers: Headers) => call(`/api/trpc/${procedure}`, { headers });
  const mutate = (procedure: string, input: unknown, headers: Headers) =>
    call(`/api/trpc/${procedure}`, { method: "POST", headers, body: { json: input } });
  const data = async <T>(res: Response): Promise<T> =>
    ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
  const same = () => ({ origin: web.url });

  async function signIn(apiKey: string, headers: Headers = same()): Promise<{ res: Response; cookie: string }> {
    const res = await call("/api/session", { method: "POST", headers, body: { apiKey } });
    const setCookie = res.headers.get("set-cookie") ?? "";
    return { res, cookie: setCookie.split(";")[0] ?? "" };
  }

  it("signs in only from its own origin, with an httpOnly, SameSite=Lax cookie, Secure behind https", async () => {
    const { res, cookie } = await signIn(demoKey);
    expect(res.status).toBe(200);
    expect(cookie).toMatch(/^weft_session=[A-Za-z0-9_-]{43}$/);
    const attributes = res.headers.get("set-cookie") ?? "";
    expect(attributes).toMatch(/HttpOnly/);
    expect(attributes).toMatch(/SameSite=Lax/);
    expect(attributes).not.toMatch(/Secure/);
    const https = await signIn(demoKey, { origin: web.url.replace("http:", "https:"), "x-forwarded-proto": "https" });
    expect(https.res.headers.get("set-cookie")).toMatch(/; Secure/);
    expect((await signIn(demoKey, { "sec-fetch-site": "same-origin" })).res.status).toBe(200);
    expect((await signIn(demoKey, {})).res.status).toBe(403);
    expect((await signIn(demoKey, { origin: EVIL })).res.status).toBe(403);
    expect((await signIn(demoKey, { origin: EVIL, "sec-fetch-site": "cross-site" })).res.status).toBe(403);
  });

  it("treats forged and malformed cookies as no session: 401, never 500", async () => {
    const { cookie } = await signIn(demoKey);
    expect((await query("apiKeys.list", { cookie })).status).toBe(200);
    const forged = `weft_session=${randomBytes(32).toString("base64url")}`;
    expect((await query("apiKeys.list", { cookie: forged })).status).toBe(401);
    expect((await query("apiKeys.list", { cookie: "weft_session=%" })).status).toBe(401);
    expect((await call("/v1/collections", { headers: { cookie: "weft_session=%" } })).status).toBe(401);
    // A page with a malformed cookie sends the visitor to sign in.
    const page = await call("/keys", { headers: { cookie: "weft_session=%" } });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toMatch(/\/sign-in\?next=%2Fkeys$/);

    // The old scheme signed `<key id>.<expiry>` with the key's stored hash: anyone who read the database could do so.
    const keys = await data<{ id: string; prefix: string }[]>(await query("apiKeys.list", { "x-api-key": demoKey }));
    const demo = keys.find((k) => demoKey.startsWith(k.prefix));
    if (!demo) throw new Error("demo key not listed");
    const payload = `${demo.id}.${Date.now() + 86_400_000}`;
    const mac = createHmac("sha256", createHash("sha256").update(demoKey).digest("hex"))
      .update(payload)
      .digest("base64url");
    expect((await query("apiKeys.list", { cookie: `weft_session=${payload}.${mac}` })).status).toBe(401);
  });

  it("refuses cookie-authenticated changes without a same-origin Origin (403), and the cookie on /v1 (401)", async () => {
    const { cookie } = await signIn(demoKey);
    expect((await mutate("collections.create", { name: "Forged by evil" }, { cookie, origin: EVIL })).status).toBe(403);
    expect((await mutate("collections.create", { name: "No origin at all" }, { cookie })).status).toBe(403);
    expect(
      (
        await mutate(
          "collections.create",
          { name: "From a sibling site" },
          { cookie, origin: EVIL, "sec-fetch-site": "same-site" },
        )
      ).status,
    ).toBe(403);
    expect((await mutate("collections.create", { name: "From our page" }, { cookie, origin: web.url })).status).toBe(
      200,
    );
    expect(
      (await mutate("collections.create", { name: "From our fetch" }, { cookie, "sec-fetch-site": "same-origin" }))
        .status,
    ).toBe(200);
    // An API key needs no Origin: it is not sent by the browser on its own.
    expect((await mutate("collections.create", { name: "From a script" }, { "x-api-key": demoKey })).status).toBe(200);

    expect((await call("/v1/collections", { headers: { cookie } })).status).toBe(401);
    expect(
      (
        await call("/v1/collections", {
          method: "POST",
          headers: { cookie, origin: web.url },
          body: { name: "Cookie on v1" },
        })
      ).status,
    ).toBe(401);
    expect((await call("/v1/collections", { headers: { "x-api-key": demoKey } })).status).toBe(200);
  });

  it("sends the sign-in redirect only to paths on this origin", async () => {
    const { cookie } = await signIn(demoKey);
    const land = async (next: string) => {
      const res = await call(`/sign-in?next=${encodeURIComponent(next)}`, { headers: { cookie } });
      expect(res.status).toBe(307);
      return new URL(res.headers.get("location") ?? "", web.url);
    };
    for (const next of [
      "/\t/evil.com",
      "//evil.com",
      "/\\evil.com",
      "https://evil.com",
      "/\n/evil.com",
      "javascript:alert(1)",
    ]) {
      const url = await land(next);
      expect({ next, origin: url.origin, path: url.pathname }).toEqual({ next, origin: web.url, path: "/" });
    }
    const raw = await call("/sign-in?next=/%09/evil.com", { headers: { cookie } });
    expect(new URL(raw.headers.get("location") ?? "", web.url).href).toBe(`${web.url}/`);
    const keys = await land("/keys?tab=all");
    expect(`${keys.origin}${keys.pathname}${keys.search}`).toBe(`${web.url}/keys?tab=all`);
  });

  it("ends the session on sign-out and when its key is revoked", async () => {
    const { cookie } = await signIn(demoKey);
    expect((await call("/api/session", { method: "DELETE", headers: { cookie } })).status).toBe(403);
    expect((await query("apiKeys.list", { cookie })).status).toBe(200);
    const out = await call("/api/session", { method: "DELETE", headers: { cookie, origin: web.url } });
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect((await query("apiKeys.list", { cookie })).status).toBe(401); // the copied cookie is dead too

    const made = await data<{ id: string; secret: string }>(
      await mutate("apiKeys.create", { name: "revoke me" }, { "x-api-key": demoKey }),
    );
    const session = await signIn(made.secret);
    expect((await query("apiKeys.list", { cookie: session.cookie })).status).toBe(200);
    expect((await mutate("apiKeys.revoke", { id: made.id }, { "x-api-key": demoKey })).status).toBe(200);
    expect((await query("apiKeys.list", { cookie: session.cookie })).status).toBe(401);
  });

  it("caps a key's expiry at the expiry of the key that creates it", async () => {
    const short = await data<{ secret: string; expiresAt: string }>(
      await mutate("apiKeys.create", { name: "one day", expiresInDays: 1 }, { "x-api-key": demoKey }),
    );
    const longer = await mutate("apiKeys.create", { name: "longer", expiresInDays: 30 }, { "x-api-key": short.secret });
    expect(longer.status).toBe(400);
    expect(JSON.stringify(await longer.json())).toMatch(/cannot expire later/);
    const inherits = await data<{ expiresAt: string }>(
      await mutate("apiKeys.create", { name: "inherits" }, { "x-api-key": short.secret }),
    );
    expect(inherits.expiresAt).toBe(short.expiresAt);
    // Through a session of the short key, the same rule.
    const { cookie } = await signIn(short.secret);
    expect(
      (await mutate("apiKeys.create", { name: "via session", expiresInDays: 30 }, { cookie, origin: web.url })).status,
    ).toBe(400);
  });
});
