// One QueryClient recipe for the server (one per request) and the browser (one per tab). Queries still pending when
// the server renders are dehydrated too, and superjson carries Dates across (create-t3-turbo's setup).
import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import superjson from "superjson";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: (count, error) => count < 2 && !isClientError(error) },
      dehydrate: {
        serializeData: superjson.serialize,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending", // TanStack Query's own status, not a job's
        shouldRedactErrors: () => false,
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}

/** 4xx-like tRPC errors are answers, not glitches: retrying them only delays the message. */
function isClientError(error: unknown): boolean {
  const code = (error as { data?: { httpStatus?: number } } | null)?.data?.httpStatus;
  return typeof code === "number" && code >= 400 && code < 500;
}
