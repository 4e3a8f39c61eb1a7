import type { Metadata } from "next";
import { ConnectionDetail } from "@/components/connection/connection-detail";
import { JOB_PAGE_SIZE } from "@/lib/job-status";
import { requireSession } from "@/server/auth";
import { orNotFound } from "@/server/load";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connection" };

export default async function ConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireSession(`/connections/${id}`);
  const queryClient = getQueryClient();
  await orNotFound(queryClient.fetchQuery(trpc.sourceConnections.get.queryOptions({ id })));
  await Promise.all([
    queryClient.prefetchQuery(trpc.sources.list.queryOptions()),
    queryClient.prefetchInfiniteQuery(
      trpc.jobs.list.infiniteQueryOptions(
        { sourceConnectionId: id, limit: JOB_PAGE_SIZE },
        { getNextPageParam: (page) => page.nextCursor },
      ),
    ),
  ]);
  return (
    <HydrateClient>
      <ConnectionDetail id={id} />
    </HydrateClient>
  );
}
