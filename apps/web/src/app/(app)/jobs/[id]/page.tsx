import type { Metadata } from "next";
import { headers } from "next/headers";
import { JobDetail } from "@/components/job/job-detail";
import { requireSession } from "@/server/auth";
import { orNotFound } from "@/server/load";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Job ${(await params).id.slice(0, 8)}` };
}

/** The origin people reach this server at (for the curl example), as the browser asked for it. */
async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? "http";
  return `${proto}://${host}`;
}

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireSession(`/jobs/${id}`);
  const queryClient = getQueryClient();
  const job = await orNotFound(queryClient.fetchQuery(trpc.jobs.get.queryOptions({ jobId: id })));
  await Promise.all([
    queryClient.prefetchQuery(trpc.jobs.events.queryOptions({ jobId: id })),
    queryClient.prefetchQuery(trpc.sourceConnections.get.queryOptions({ id: job.sourceConnectionId })),
  ]);
  return (
    <HydrateClient>
      <JobDetail id={id} origin={await requestOrigin()} />
    </HydrateClient>
  );
}
