"use client";
// One live subscription per signed-in tab: every job event of the organization (tRPC SSE) marks the queries it
// affects as stale, so whatever is on screen refetches without a reload. A status change refreshes at once; the
// frequent progress events of a running job at most once every two seconds per connection.
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useRef } from "react";
import { useTRPC } from "@/trpc/react";

const PROGRESS_REFRESH_MS = 2_000;

/** tRPC query keys are [path, { input, type }]. */
function inputOf(queryKey: readonly unknown[]): { sourceConnectionId?: unknown } | undefined {
  const meta = queryKey[1] as { input?: { sourceConnectionId?: unknown } } | undefined;
  return meta?.input;
}

export function OrgActivity() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lastRefresh = useRef(new Map<string, number>());
  const pending = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const refresh = (connectionId: string, jobId: string) => {
    lastRefresh.current.set(connectionId, Date.now());
    pending.current.delete(connectionId);
    void queryClient.invalidateQueries({ queryKey: trpc.sourceConnections.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.sourceConnections.get.queryKey({ id: connectionId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.jobs.list.pathKey(), predicate: (q) => inputOf(q.queryKey)?.sourceConnectionId === connectionId });
    void queryClient.invalidateQueries({ queryKey: trpc.jobs.get.queryKey({ jobId }) });
  };

  useSubscription(
    trpc.subscriptions.orgActivity.subscriptionOptions(undefined, {
      onData(event) {
        const { sourceConnectionId: connectionId, jobId } = event;
        if (event.type !== "progress") return refresh(connectionId, jobId);
        const since = Date.now() - (lastRefresh.current.get(connectionId) ?? 0);
        if (since >= PROGRESS_REFRESH_MS) return refresh(connectionId, jobId);
        if (!pending.current.has(connectionId)) {
          pending.current.set(connectionId, setTimeout(() => refresh(connectionId, jobId), PROGRESS_REFRESH_MS - since));
        }
      },
    }),
  );
  return null;
}
