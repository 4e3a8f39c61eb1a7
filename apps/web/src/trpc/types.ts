import type { AppRouter, inferRouterInputs, inferRouterOutputs } from "@weft/api";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type Connection = RouterOutputs["sourceConnections"]["get"];
export type ConnectionListItem = RouterOutputs["sourceConnections"]["list"][number];
export type Job = RouterOutputs["jobs"]["get"];
export type JobStatus = Job["status"];
export type Source = RouterOutputs["sources"]["list"][number];
export type ConfigField = Source["configFields"][number];
export type Collection = RouterOutputs["collections"]["list"][number];
export type ApiKey = RouterOutputs["apiKeys"]["list"][number];
export type WebhookSubscription = RouterOutputs["webhooks"]["list"][number];
export type WebhookAttempt = RouterOutputs["webhooks"]["get"]["deliveryAttempts"][number];
export type CreatedWebhook = RouterOutputs["webhooks"]["create"];
