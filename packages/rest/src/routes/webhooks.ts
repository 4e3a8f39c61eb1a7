import { z } from "zod";
import { subscriptionId, webhookEventTypes, webhookSecret, webhookUrl } from "@weft/api/webhook-schemas";
import { WEBHOOK_EVENT_TYPES } from "@weft/engine";
import {
  messageDto,
  messageWithAttemptsDto,
  recoverSchema,
  subscriptionDetailDto,
  subscriptionDto,
  webhookMessageSchema,
  webhookMessageWithAttemptsSchema,
  webhookSubscriptionDetailSchema,
  webhookSubscriptionSchema,
} from "../dto/webhooks";
import { listQuery, queryBool } from "../request-fields";
import { defineRoute } from "../route";

const tag = "webhooks";
const idParam = z.object({ id: subscriptionId });
const isoDate = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 date-time" })
  .transform((v) => new Date(v));

export const webhookRoutes = [
  defineRoute({
    method: "GET",
    path: "/webhooks/subscriptions",
    summary: "List webhook subscriptions",
    tag,
    response: z.array(webhookSubscriptionSchema),
    errors: [401],
    handle: async ({ caller }) => (await caller.webhooks.list()).map(subscriptionDto),
  }),
  defineRoute({
    method: "POST",
    path: "/webhooks/subscriptions",
    summary: "Create a webhook subscription",
    tag,
    body: z.object({ url: webhookUrl, event_types: webhookEventTypes, secret: webhookSecret.optional() }),
    response: webhookSubscriptionSchema,
    errors: [401, 422],
    handle: async ({ caller, body }) =>
      subscriptionDto(
        await caller.webhooks.create({ url: body.url, eventTypes: body.event_types, secret: body.secret }),
      ),
  }),
  defineRoute({
    method: "GET",
    path: "/webhooks/subscriptions/{id}",
    summary: "Get a webhook subscription with its recent delivery attempts",
    tag,
    params: idParam,
    query: z.object({ include_secret: queryBool.default(false) }),
    response: webhookSubscriptionDetailSchema,
    errors: [401, 404, 422],
    handle: async ({ caller, params, query }) =>
      subscriptionDetailDto(await caller.webhooks.get({ id: params.id, includeSecret: query.include_secret })),
  }),
  defineRoute({
    method: "PATCH",
    path: "/webhooks/subscriptions/{id}",
    summary: "Update a webhook subscription (disabled: false with recover_since re-sends failed messages)",
    tag,
    params: idParam,
    body: z.object({
      url: webhookUrl.optional(),
      event_types: webhookEventTypes.optional(),
      disabled: z.boolean().optional(),
      recover_since: isoDate.optional(),
    }),
    response: webhookSubscriptionSchema,
    errors: [401, 404, 422],
    handle: async ({ caller, params, body }) =>
      subscriptionDto(
        await caller.webhooks.update({
          id: params.id,
          url: body.url,
          eventTypes: body.event_types,
          disabled: body.disabled,
          recoverSince: body.recover_since,
        }),
      ),
  }),
  defineRoute({
    method: "DELETE",
    path: "/webhooks/subscriptions/{id}",
    summary: "Delete a webhook subscription (its pending deliveries are dropped)",
    tag,
    params: idParam,
    response: webhookSubscriptionSchema,
    errors: [401, 404, 422],
    handle: async ({ caller, params }) => subscriptionDto(await caller.webhooks.delete({ id: params.id })),
  }),
  defineRoute({
    method: "POST",
    path: "/webhooks/subscriptions/{id}/recover",
    summary: "Re-send the failed messages of [since, until) (at most 14 days, 10,000 messages)",
    tag,
    params: idParam,
    body: z.object({ since: isoDate, until: isoDate.optional() }),
    response: recoverSchema,
    errors: [401, 404, 422],
    handle: async ({ caller, params, body }) => {
      const result = await caller.webhooks.recover({ id: params.id, since: body.since, until: body.until });
      return { id: result.id, status: result.status };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/webhooks/messages",
    summary: "List webhook messages, newest first",
    tag,
    query: listQuery.extend({ event_types: z.array(z.enum(WEBHOOK_EVENT_TYPES)).optional() }),
    arrayQuery: ["event_types"],
    response: z.array(webhookMessageSchema),
    errors: [401, 422],
    handle: async ({ caller, query }) =>
      (await caller.webhooks.messages({ eventTypes: query.event_types, skip: query.skip, limit: query.limit })).map(
        messageDto,
      ),
  }),
  defineRoute({
    method: "GET",
    path: "/webhooks/messages/{id}",
    summary: "Get a webhook message, with its delivery attempts when asked",
    tag,
    params: z.object({ id: z.string().min(1).max(100) }),
    query: z.object({ include_attempts: queryBool.default(false) }),
    response: webhookMessageWithAttemptsSchema,
    errors: [401, 404, 422],
    handle: async ({ caller, params, query }) =>
      messageWithAttemptsDto(await caller.webhooks.message({ id: params.id, includeAttempts: query.include_attempts })),
  }),
];
