// The /v1 adapter: `(request: Request) => Promise<Response>` for everything under /v1. It matches the route table,
// authenticates, validates the snake_case request (422 in FastAPI's shape), calls the route and answers JSON.
import { createCaller, createContext, findUnstorableText } from "@weft/api";
import { env } from "@weft/config";
import type { Engine } from "@weft/engine";
import { declaresTooLarge, discardUnreadBody, payloadTooLarge, readBodyBytes } from "./body-limit";
import type { z } from "zod";
import { detail, errorResponse, json, unprocessable, zodIssues, type Location, type ValidationIssue } from "./errors";
import { openApiDocument } from "./openapi";
import type { Route } from "./route";
import { routes } from "./routes/index";

type Compiled = { route: Route; pattern: RegExp; names: string[] };

const compiled: Compiled[] = routes.map((route) => {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
});

/** The path below /v1, without a trailing slash (both forms are served). */
function routePath(url: URL): string | null {
  const match = /\/v1(\/.*)?$/.exec(url.pathname.replace(/\/+$/, ""));
  if (!match) return null;
  return match[1] ?? "/";
}

/**
 * The route template a request matches (`/v1/source-connections/{id}/run`), or null: a bounded label for metrics,
 * whatever path a client sends.
 */
export function routeTemplate(method: string, url: string): string | null {
  const path = routePath(new URL(url));
  if (path === null) return null;
  if (path === "/openapi.json") return "/v1/openapi.json";
  const found = compiled.find((c) => c.route.method === method && c.pattern.test(path));
  return found ? `/v1${found.route.path}` : null;
}

/** Like Starlette: a malformed %-escape stays as written (then fails validation or is not found), never a 500. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Unstorable characters anywhere in the input, as 422 issues at their location. */
function unstorableIssues(value: unknown, location: Location): ValidationIssue[] {
  return findUnstorableText(value).map((i) => ({
    loc: [location, ...i.path],
    msg: i.message,
    type: "string_pattern_mismatch",
  }));
}

function validate(
  schema: z.ZodType | undefined,
  value: unknown,
  location: Location,
  issues: ValidationIssue[],
): unknown {
  if (!schema) return undefined;
  const unstorable = unstorableIssues(value, location);
  if (unstorable.length) {
    issues.push(...unstorable);
    return undefined;
  }
  // reportInput: an issue carries its input, so a field of the wrong type is not reported as missing.
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  issues.push(...zodIssues(location, result.error));
  return undefined;
}

async function readBody(
  request: Request,
  maxBytes: number,
): Promise<{ ok: true; value: unknown } | { ok: false; tooLarge?: true }> {
  const bytes = await readBodyBytes(request, maxBytes);
  if (!bytes) return { ok: false, tooLarge: true };
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export type RestHandlerOptions = {
  engine?: Engine;
  /** Largest request body (default: WEFT_MAX_BODY_BYTES). */
  maxBodyBytes?: number;
};

export function createRestHandler(options: RestHandlerOptions = {}) {
  const maxBodyBytes = options.maxBodyBytes ?? env.WEFT_MAX_BODY_BYTES;
  return async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = routePath(url);
    if (path === null) return detail(404, "Not Found");
    if (path === "/openapi.json" && request.method === "GET") return json(openApiDocument());
    const matches = compiled.map((c) => ({ c, m: c.pattern.exec(path) })).filter((x) => x.m);
    const found = matches.find((x) => x.c.route.method === request.method);
    if (!found?.m) return matches.length ? detail(405, "Method Not Allowed") : detail(404, "Not Found");
    const { route, names } = found.c;
    // A declared size over the limit is refused before anything else (the key check costs a query).
    if (declaresTooLarge(request, maxBodyBytes)) return payloadTooLarge(maxBodyBytes, request);

    try {
      const ctx = await createContext({ headers: request.headers, engine: options.engine });
      if (!ctx.principal) {
        discardUnreadBody(request); // never parsed
        return detail(401, "Missing or invalid API key");
      }

      const issues: ValidationIssue[] = [];
      const rawParams = Object.fromEntries(names.map((name, i) => [name, decodeSegment(found.m?.[i + 1] ?? "")]));
      const params = validate(route.params, rawParams, "path", issues);
      const rawQuery: Record<string, string | string[]> = Object.fromEntries(url.searchParams);
      for (const name of route.arrayQuery ?? [])
        if (url.searchParams.has(name)) rawQuery[name] = url.searchParams.getAll(name);
      const query = validate(route.query, rawQuery, "query", issues);
      let body: unknown;
      if (route.body) {
        const parsed = await readBody(request, maxBodyBytes);
        if (!parsed.ok && parsed.tooLarge) return payloadTooLarge(maxBodyBytes);
        if (!parsed.ok) issues.push({ loc: ["body"], msg: "JSON decode error", type: "json_invalid" });
        else body = validate(route.body, parsed.value, "body", issues);
      }
      if (issues.length) return unprocessable(issues);

      const controller = new AbortController();
      const onAbort = () => controller.abort();
      request.signal.addEventListener("abort", onAbort, { once: true });
      const caller = createCaller(ctx, { signal: controller.signal });
      const result = await route.handle({
        caller,
        params,
        query,
        body,
        request,
        signal: controller.signal,
        abort: onAbort,
      });
      return result instanceof Response ? result : json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
