"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { useTRPC } from "@/trpc/react";
import type { WebhookSubscription } from "@/trpc/types";
import { DeliveryTable } from "./delivery-table";
import { RecoverForm } from "./recover-form";

const HEALTH_TONE = { healthy: "success", degraded: "warning", failing: "danger", unknown: "neutral" } as const;

/** One endpoint: health, event types, enable/disable, recover since a time, and its recent deliveries. */
export function SubscriptionCard({ subscription }: { subscription: WebhookSubscription }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery({ ...trpc.webhooks.get.queryOptions({ id: subscription.id }), refetchInterval: 2000 });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.webhooks.get.queryKey({ id: subscription.id }) });
  };
  const toggle = useMutation(trpc.webhooks.update.mutationOptions({ onSuccess: refresh }));
  const headingId = `endpoint-${subscription.id}`;
  // The detail refreshes every 2 s, the list every 5 s: show the fresher health.
  const health = detail.data?.healthStatus ?? subscription.healthStatus;
  return (
    <Card>
      <CardHeader className="gap-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle id={headingId} className="min-w-0 font-mono text-sm break-all">
            {subscription.url}
          </CardTitle>
          <div className="flex items-center gap-2">
            <Badge tone={HEALTH_TONE[health]}>Health: {health}</Badge>
            {subscription.disabled ? <Badge tone="warning">disabled</Badge> : null}
            <Button
              variant="outline"
              size="sm"
              disabled={toggle.isPending}
              onClick={() => toggle.mutate({ id: subscription.id, disabled: !subscription.disabled })}
            >
              {subscription.disabled ? "Enable" : "Disable"}
            </Button>
          </div>
        </div>
        <p className="text-xs text-muted-foreground">
          {subscription.eventTypes.join(", ")} · <code>{subscription.id}</code>
        </p>
      </CardHeader>
      <CardContent className="space-y-4">
        <RecoverForm subscriptionId={subscription.id} onRecovered={refresh} />
        <DeliveryTable
          subscriptionId={subscription.id}
          attempts={detail.data?.deliveryAttempts ?? []}
          loading={detail.isPending}
          onResent={refresh}
        />
      </CardContent>
    </Card>
  );
}
