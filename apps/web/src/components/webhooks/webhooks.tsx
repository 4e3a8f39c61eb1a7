"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "@/components/empty-state";
import { useTRPC } from "@/trpc/react";
import type { CreatedWebhook } from "@/trpc/types";
import { CreateWebhookForm } from "./create-webhook-form";
import { NewWebhookSecret } from "./new-webhook-secret";
import { SubscriptionCard } from "./subscription-card";

/** Add an endpoint (its secret shown once), then each endpoint with its health and recent deliveries. */
export function Webhooks() {
  const trpc = useTRPC();
  const { data: subscriptions } = useSuspenseQuery({ ...trpc.webhooks.list.queryOptions(), refetchInterval: 5000 });
  const { data: eventTypes } = useSuspenseQuery(trpc.webhooks.eventTypes.queryOptions());
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  return (
    <div className="space-y-6">
      {created ? (
        <NewWebhookSecret created={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateWebhookForm eventTypes={eventTypes} onCreated={setCreated} />
      )}
      <section aria-labelledby="endpoints-heading" className="space-y-3">
        <h2 id="endpoints-heading" className="text-lg font-semibold">
          Endpoints
        </h2>
        {subscriptions.length === 0 ? (
          <EmptyState title="No endpoints yet">Add one above to receive sync.* and resource events.</EmptyState>
        ) : (
          subscriptions.map((subscription) => <SubscriptionCard key={subscription.id} subscription={subscription} />)
        )}
      </section>
    </div>
  );
}
