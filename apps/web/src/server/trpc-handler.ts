// /api/trpc: Weft's tRPC API over the fetch adapter. Queries and mutations answer in one streamed batch response;
// subscriptions are Server-Sent Events (GET, text/event-stream) that Next streams as they are written, because
// tRPC sends them with `Cache-Control: no-transform` (so `next start`'s gzip leaves them alone, unbuffered).
// A client that goes away aborts the request (or cancels the body): tRPC turns either into the procedure's `signal`,
// which ends the subscription's generator and takes its listener off the progress bus.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPCError } from "@trpc/server";
import { appRouter, asServiceUnavailable, createContext, RETRY_AFTER_SECONDS } from "@weft/api";
import { limitRequestBody } from "@weft/rest";
import { serverState } from "./state";
import { logger } from "@weft/engine/log";

const log = logger("trpc");

const TRPC_ENDPOINT = "/api/trpc";
/** Calls in one batch request; the web client's batch link uses the same number. */
const TRPC_MAX_BATCH_SIZE = 10;

/** The engine is started by instrumentation; until it is, a request gets 503 instead of starting a second one. */
function assertReady(): void {
  const state = serverState();
  if (state.phase === "starting")
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "Weft is still starting: retry in a few seconds" });
  if (state.phase === "failed")
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: `Weft could not start: ${state.error}` });
}

/**
 * tRPC answers every subscription 200 and reports errors as events, so the per-organization limit
 * (WEFT_SSE_MAX_PER_ORG, enforced by the procedure itself) is also checked here to answer 429 the usual way.
 */
async function subscriptionRefused(req: Request): Promise<Response | null> {
  if (
    req.method !== "GET" ||
    !req.headers.get("accept")?.includes("text/event-stream") ||
    serverState().phase !== "ready"
  )
    return null;
  // Authenticating needs the database: if it is down, tRPC's own context answers 503 below.
  const context = await createContext({ headers: req.headers, session: true, url: req.url }).catch(() => null);
  if (!context) return null;
  const { engine, principal } = context;
  if (!principal || engine.streams.inUse(principal.organizationId) < engine.streams.maxPerOrg) return null;
  const detail = `This organization already has ${engine.streams.maxPerOrg} live subscriptions on this server (WEFT_SSE_MAX_PER_ORG): close one and retry.`;
  return Response.json({ detail }, { status: 429, headers: { "retry-after": "5" } });
}

export async function handleTrpcRequest(request: Request): Promise<Response> {
  // Bounded before tRPC reads it (WEFT_MAX_BODY_BYTES): 413 without parsing.
  const req = await limitRequestBody(request);
  if (req instanceof Response) return req;
  const refused = await subscriptionRefused(req);
  if (refused) return refused;
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req,
    router: appRouter,
    maxBatchSize: TRPC_MAX_BATCH_SIZE,
    createContext: async ({ req }) => {
      assertReady();
      try {
        return await createContext({ headers: req.headers, session: true, url: req.url });
      } catch (error) {
        throw asServiceUnavailable(error) ?? error; // authenticating needs the database
      }
    },
    responseMeta({ errors }) {
      const unavailable = errors.some((error) => error.code === "SERVICE_UNAVAILABLE");
      return unavailable ? { headers: new Headers({ "retry-after": String(RETRY_AFTER_SECONDS) }) } : {};
    },
    onError({ error, type, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR")
        log.error({ err: error, type, path: path ?? null }, "tRPC procedure failed");
    },
  });
}
