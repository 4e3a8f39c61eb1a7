import type { Metadata } from "next";
import { Overview } from "@/components/overview/overview";
import { RECENT_JOBS } from "@/lib/job-status";
import { requireSession } from "@/server/auth";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  await requireSession("/");
  const queryClient = getQueryClient();
  const [connections] = await Promise.all([
    queryClient.fetchQuery(trpc.sourceConnections.list.queryOptions({})),
    queryClient.prefetchQuery(trpc.collections.list.queryOptions({})),
    queryClient.prefetchQuery(trpc.sources.list.queryOptions()),
  ]);
  // Every connection's recent jobs in one call, seeded under the key each RecentJobsBar queries (no N+1).
  const recent = await queryClient.fetchQuery(trpc.jobs.recent.queryOptions({ limit: RECENT_JOBS }));
  for (const c of connections) {
    queryClient.setQueryData(
      trpc.jobs.list.queryKey({ sourceConnectionId: c.id, limit: RECENT_JOBS }),
      recent[c.id] ?? { items: [], nextCursor: null },
    );
  }
  return (
    <HydrateClient>
      <Overview />
    </HydrateClient>
  );
}
