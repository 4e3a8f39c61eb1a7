// Every route handler runs through `observed`: a request id (the client's X-Request-Id when well-formed, else a new
// one) bound to every log line the request writes and echoed in the response, one access line, and the request's
// duration in weft_http_request_duration_seconds by route (a template, so hostile paths cannot add label values).
import { randomUUID } from "node:crypto";
import { logger, withLogContext } from "@weft/engine/log";
import { recordHttpRequest } from "@weft/engine/metrics";

const log = logger("http");
const CLIENT_ID = /^[\w.:-]{1,128}$/;

/** A route's metrics label: fixed, or computed from the request (never the raw path, which a client chooses). */
export type RouteLabel = string | ((request: Request) => string);

export function observed<A extends unknown[]>(
  route: RouteLabel,
  handler: (request: Request, ...args: A) => Promise<Response>,
  options: { quiet?: boolean } = {},
) {
  return (request: Request, ...args: A): Promise<Response> => {
    const given = request.headers.get("x-request-id");
    const requestId = given && CLIENT_ID.test(given) ? given : randomUUID();
    const started = performance.now();
    return withLogContext({ request_id: requestId }, async () => {
      const { pathname } = new URL(request.url);
      let status = 500;
      try {
        const response = await handler(request, ...args);
        status = response.status;
        try {
          response.headers.set("x-request-id", requestId);
        } catch {
          // A response with immutable headers keeps its own.
        }
        return response;
      } finally {
        const seconds = (performance.now() - started) / 1000;
        recordHttpRequest(typeof route === "string" ? route : route(request), request.method, status, seconds);
        const line = { method: request.method, path: pathname, status, duration_ms: Math.round(seconds * 1000) };
        if (status >= 500) log.warn(line, "request failed");
        else if (options.quiet) log.debug(line, "request");
        else log.info(line, "request");
      }
    });
  };
}
