// Cross-site request forgery: a state change authenticated by the session cookie must come from a page of this
// server. Browsers send `Sec-Fetch-Site` and `Origin` on such requests and a page cannot forge either.

function first(value: string | null): string | null {
  return value?.split(",")[0]?.trim() || null;
}

/** Whether the request says it comes from this server's own origin (Host, or the proxy's X-Forwarded-Host/-Proto). */
export function isSameOrigin(headers: Headers, requestUrl?: string): boolean {
  if (headers.get("sec-fetch-site") === "same-origin") return true;
  const origin = headers.get("origin");
  const host = first(headers.get("x-forwarded-host")) ?? headers.get("host");
  if (!origin || !host) return false;
  let given: URL;
  let expected: URL;
  try {
    given = new URL(origin);
    const scheme =
      first(headers.get("x-forwarded-proto")) ??
      (requestUrl ? new URL(requestUrl).protocol.slice(0, -1) : given.protocol.slice(0, -1));
    expected = new URL(`${scheme}://${host}`);
  } catch {
    return false;
  }
  return given.origin === expected.origin;
}
