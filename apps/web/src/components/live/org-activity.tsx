"use client";
// One live subscription per signed-in tab: every job event of the organization (tRPC SSE) marks the queries it
// affects as stale, so whatever is on screen refetches without a reload. A status change refreshes at once; the
// frequent progress events of a running job at most once every two seconds per connection.
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";

const PROGRESS_REFRESH_MS = 2_000;

/** tRPC query keys are [path, { input, type }]. */
function inputOf(queryKey: readonly unknown[]): { sourceConnectionId?: unknown } | undefined {
  const meta = queryKey[1] as { input?: { sourceConnectionId?: unknown } } | undefined;
  return meta?.input;
}

type Refresh = (connectionId: string, jobId: string) => void;

/** Status changes refresh at once; progress events at most once every PROGRESS_REFRESH_MS per connection. */
function throttled(refresh: Refresh) {
  const lastRefresh = new Map<string, number>();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const now: Refresh = (connectionId, jobId) => {
    lastRefresh.set(connectionId, Date.now());
    pending.delete(connectionId);
    refresh(connectionId, jobId);
  };
  return (event: { type: string; sourceConnectionId: string; jobId: string }) => {
    const { sourceConnectionId: connectionId, jobId } = event;
    if (event.type !== "progress") return now(connectionId, jobId);
    const since = Date.now() - (lastRefresh.get(connectionId) ?? 0);
    if (since >= PROGRESS_REFRESH_MS) return now(connectionId, jobId);
    if (!pending.has(connectionId)) {
      pending.set(
        connectionId,
        setTimeout(() => now(connectionId, jobId), PROGRESS_REFRESH_MS - since),
      );
    }
  };
}

export function OrgActivity() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [onEvent] = useState(() =>
    throttled((connectionId, jobId) => {
      void queryClient.invalidateQueries({ queryKey: trpc.sourceConnections.list.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.sourceConnections.get.queryKey({ id: connectionId }) });
      void queryClient.invalidateQueries({
        queryKey: trpc.jobs.list.pathKey(),
        predicate: (q) => inputOf(q.queryKey)?.sourceConnectionId === connectionId,
      });
      void queryClient.invalidateQueries({ queryKey: trpc.jobs.get.queryKey({ jobId }) });
    }),
  );

  useSubscription(trpc.subscriptions.orgActivity.subscriptionOptions(undefined, { onData: onEvent }));
  return null;
}
