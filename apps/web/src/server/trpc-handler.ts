// /api/trpc: Weft's tRPC API over the fetch adapter. Queries and mutations answer in one streamed batch response;
// subscriptions are Server-Sent Events (GET, text/event-stream) that Next streams as they are written, because
// tRPC sends them with `Cache-Control: no-transform` (so `next start`'s gzip leaves them alone, unbuffered).
// A client that goes away aborts the request (or cancels the body): tRPC turns either into the procedure's `signal`,
// which ends the subscription's generator and takes its listener off the progress bus.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPCError } from "@trpc/server";
import { appRouter, asServiceUnavailable, createContext, RETRY_AFTER_SECONDS } from "@weft/api";
import { serverState } from "./state";

export const TRPC_ENDPOINT = "/api/trpc";

/** The engine is started by instrumentation; until it is, a request gets 503 instead of starting a second one. */
function assertReady(): void {
  const state = serverState();
  if (state.phase === "starting") throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "Weft is still starting: retry in a few seconds" });
  if (state.phase === "failed") throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: `Weft could not start: ${state.error}` });
}

export function handleTrpcRequest(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req,
    router: appRouter,
    createContext: async ({ req }) => {
      assertReady();
      try {
        return await createContext({ headers: req.headers });
      } catch (error) {
        throw asServiceUnavailable(error) ?? error; // authenticating needs the database
      }
    },
    responseMeta({ errors }) {
      const unavailable = errors.some((error) => error.code === "SERVICE_UNAVAILABLE");
      return unavailable ? { headers: new Headers({ "retry-after": String(RETRY_AFTER_SECONDS) }) } : {};
    },
    onError({ error, type, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${type} ${path ?? "(no path)"} failed:`, error);
    },
  });
}
