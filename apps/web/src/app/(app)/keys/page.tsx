import type { Metadata } from "next";
import { ApiKeys } from "@/components/keys/api-keys";
import { PageHeader } from "@/components/page-header";
import { requireSession } from "@/server/auth";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API keys" };

export default async function KeysPage() {
  const principal = await requireSession("/keys");
  await getQueryClient().prefetchQuery(trpc.apiKeys.list.queryOptions());
  return (
    <HydrateClient>
      <PageHeader
        title="API keys"
        description={`Keys of the “${principal.organizationName}” organization. Send one as the x-api-key header (or Authorization: Bearer) to the REST API, or sign in with it here.`}
      />
      <ApiKeys currentKeyId={principal.apiKeyId} />
    </HydrateClient>
  );
}
