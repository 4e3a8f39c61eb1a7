import type { Metadata } from "next";
import { ConnectionForm } from "@/components/connection-form/connection-form";
import { DeleteConnection } from "@/components/connection-form/delete-connection";
import { PageHeader } from "@/components/page-header";
import { requireSession } from "@/server/auth";
import { orNotFound } from "@/server/load";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit connection" };

export default async function EditConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireSession(`/connections/${id}/edit`);
  const queryClient = getQueryClient();
  const connection = await orNotFound(queryClient.fetchQuery(trpc.sourceConnections.get.queryOptions({ id })));
  await Promise.all([
    queryClient.prefetchQuery(trpc.sources.list.queryOptions()),
    queryClient.prefetchQuery(trpc.collections.list.queryOptions({})),
  ]);
  return (
    <HydrateClient>
      <PageHeader
        title={`Edit ${connection.name}`}
        description="Changes apply from the next run. Saved secrets are never shown again."
      />
      <ConnectionForm connection={connection} />
      <DeleteConnection connection={connection} />
    </HydrateClient>
  );
}
