// The typed client of Weft's tRPC API, for sibling services (Node) and browsers. Queries and mutations travel in
// streamed batches; subscriptions are Server-Sent Events. With an API key, every request carries it as `x-api-key`,
// subscriptions included: they go through the `eventsource` package, whose EventSource fetches with our headers
// (the browser's EventSource cannot send headers). Without a key, a browser's same-origin session cookie is used.
import { createTRPCClient, httpBatchStreamLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import type { AppRouter, inferRouterInputs, inferRouterOutputs } from "@weft/api";
import { EventSource as FetchEventSource, type FetchLike } from "eventsource";
import superjson from "superjson";

export type { AppRouter } from "@weft/api";
export { TRPCClientError } from "@trpc/client";
/** The job model (statuses, active and end sets, counter keys), so a client compares statuses without spelling them. */
export {
  ACTIVE_STATUSES,
  COUNTER_KEYS,
  END_STATUSES,
  isActiveStatus,
  isEndStatus,
  JOB,
  JOB_STATUSES,
  type JobStatus,
} from "@weft/job-model";
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export const TRPC_PATH = "/api/trpc";

export type WeftClientOptions = {
  /** The server's base URL, e.g. `http://localhost:3000` (`""` for same-origin in a browser). */
  url: string;
  /** Sent as `x-api-key` on every request. Omit it in a browser signed in with a session cookie. */
  apiKey?: string;
  /** The fetch used for every request (default: the global fetch). */
  fetch?: typeof globalThis.fetch;
  /** An EventSource whose init accepts `fetch`, like the `eventsource` package's (its own is the default). */
  EventSource?: typeof FetchEventSource;
};

export type WeftClient = ReturnType<typeof createWeftClient>;

export function createWeftClient(options: WeftClientOptions) {
  const url = `${options.url.replace(/\/+$/, "")}${TRPC_PATH}`;
  const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const headers: Record<string, string> = options.apiKey ? { "x-api-key": options.apiKey } : {};
  // The SSE request goes through this fetch, so it carries the same headers as every other request.
  const sseFetch: FetchLike = (input, init) => baseFetch(input, { ...init, headers: { ...init.headers, ...headers } });
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url,
          transformer: superjson,
          EventSource: options.EventSource ?? defaultEventSource(Boolean(options.apiKey)),
          eventSourceOptions: { fetch: sseFetch },
        }),
        false: httpBatchStreamLink({ url, transformer: superjson, fetch: baseFetch, headers }),
      }),
    ],
  });
}

/** The browser's own EventSource when no header is needed (it ignores `fetch`); otherwise, and in Node 20, which
 *  has none, the package's. */
function defaultEventSource(needsHeaders: boolean): typeof FetchEventSource {
  const native: unknown = (globalThis as { EventSource?: unknown }).EventSource;
  // The native class has the same constructor and events; only its init dictionary lacks `fetch`.
  return !needsHeaders && typeof native === "function" ? (native as typeof FetchEventSource) : FetchEventSource;
}
