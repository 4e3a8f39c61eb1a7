// The REST calls the CLI makes: one fetch wrapper that sends the API key and turns an error answer into an ApiError
// carrying the server's own `detail`, so the message says what to change.
export type Api = { url: string; apiKey: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function detailOf(body: unknown): string | null {
  if (!body || typeof body !== "object" || !("detail" in body)) return null;
  const { detail } = body;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail))
    return detail
      .map((d: { loc?: unknown[]; msg?: string }) => `${(d.loc ?? []).join(".")}: ${d.msg ?? ""}`)
      .join("; ");
  return null;
}

export function headers(api: Api, extra: Record<string, string> = {}): Record<string, string> {
  return { "x-api-key": api.apiKey, accept: "application/json", "user-agent": "weft-cli", ...extra };
}

export async function call<T>(api: Api, method: "GET" | "POST", path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(path, api.url), { method, headers: headers(api), signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(
      0,
      `Cannot reach Weft at ${api.url} (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}): is it running? Set WEFT_URL to its address.`,
    );
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page): the status line says enough.
  }
  if (!res.ok) {
    const hint = res.status === 401 ? " Check WEFT_API_KEY (create a key with `pnpm weft keys create`)." : "";
    throw new ApiError(res.status, `${method} ${path}: ${res.status} ${detailOf(body) ?? res.statusText}.${hint}`);
  }
  return body as T;
}
