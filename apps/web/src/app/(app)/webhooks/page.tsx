import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Webhooks } from "@/components/webhooks/webhooks";
import { requireSession } from "@/server/auth";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const principal = await requireSession("/webhooks");
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.webhooks.list.queryOptions()),
    queryClient.prefetchQuery(trpc.webhooks.eventTypes.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <PageHeader
        title="Webhooks"
        description={`Endpoints of the “${principal.organizationName}” organization that receive job and resource events, signed as Svix and Standard Webhooks sign them.`}
      />
      <Webhooks />
    </HydrateClient>
  );
}
