import type { Metadata } from "next";
import { ConnectionForm } from "@/components/connection-form/connection-form";
import { PageHeader } from "@/components/page-header";
import { requireSession } from "@/server/auth";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New connection" };

export default async function NewConnectionPage() {
  await requireSession("/connections/new");
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.sources.list.queryOptions()),
    queryClient.prefetchQuery(trpc.collections.list.queryOptions({})),
  ]);
  return (
    <HydrateClient>
      <PageHeader title="New connection" description="Choose what to read, configure it, and decide when it runs." />
      <ConnectionForm />
    </HydrateClient>
  );
}
