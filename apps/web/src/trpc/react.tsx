"use client";
// The browser side of tRPC: one QueryClient per tab, and a tRPC client whose subscriptions travel as Server-Sent
// Events and everything else in streamed batches, both to this origin's /api/trpc with the session cookie.
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchStreamLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@weft/api";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import { createQueryClient } from "./query-client";

const TRPC_URL = "/api/trpc";

const trpcContext = createTRPCContext<AppRouter>();
const { TRPCProvider } = trpcContext;
export const useTRPC = trpcContext.useTRPC;

let browserQueryClient: QueryClient | undefined;

function getQueryClient(): QueryClient {
  // On the server every render gets its own client; in the browser one is kept for the tab's lifetime.
  if (typeof window === "undefined") return createQueryClient();
  return (browserQueryClient ??= createQueryClient());
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({
            url: TRPC_URL,
            transformer: superjson,
            eventSourceOptions: { withCredentials: true },
          }),
          // maxItems: the server refuses batches of more than 10 calls (TRPC_MAX_BATCH_SIZE in server/trpc-handler.ts).
          false: httpBatchStreamLink({
            url: TRPC_URL,
            transformer: superjson,
            maxItems: 10,
            fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }),
          }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
