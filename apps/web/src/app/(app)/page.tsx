import type { Metadata } from "next";
import { Overview } from "@/components/overview/overview";
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
  await Promise.all(connections.map((c) => queryClient.prefetchQuery(trpc.jobs.list.queryOptions({ sourceConnectionId: c.id, limit: 10 }))));
  return (
    <HydrateClient>
      <Overview />
    </HydrateClient>
  );
}
