// The server-component side of tRPC: procedures are called in-process (no HTTP) with a context built from this
// request's headers, so the session cookie decides the organization exactly as it does for /api/trpc. What a page
// fetches (`getQueryClient().fetchQuery(trpc.x.queryOptions(...))`) is dehydrated into the HTML and picked up by the same queries in the browser.
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { appRouter, createContext } from "@weft/api";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";
import { assertServerReady } from "../server/auth";
import { createQueryClient } from "./query-client";

export const getQueryClient = cache(createQueryClient);

/** One context per request (React's cache): every procedure a page calls shares one authentication. */
const requestContext = cache(async () => {
  assertServerReady(); // never start a second engine while instrumentation is still starting the first
  return createContext({ headers: await headers(), session: true });
});

export const trpc = createTRPCOptionsProxy({
  router: appRouter,
  ctx: requestContext,
  queryClient: getQueryClient,
});

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
