import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "@weft/engine";
import { getMessage, listMessages } from "../services/webhook-messages";
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  recoverMessages,
  resendMessage,
  updateSubscription,
} from "../services/webhook-subscriptions";
import { orgProcedure } from "../trpc";
import * as s from "../webhook-schemas";

export const webhooksRouter = {
  eventTypes: orgProcedure.output(z.array(z.string())).query(() => [...WEBHOOK_EVENT_TYPES]),
  list: orgProcedure.output(z.array(s.subscriptionView)).query(({ ctx }) => listSubscriptions(ctx.engine, ctx.org)),
  /** The secret is in this response (and in `get` with includeSecret) only; it is stored sealed. */
  create: orgProcedure
    .input(s.createSubscriptionInput)
    .output(s.createdSubscriptionView)
    .mutation(({ ctx, input }) => createSubscription(ctx.engine, ctx.org, input)),
  get: orgProcedure
    .input(s.getSubscriptionInput)
    .output(s.subscriptionDetailView)
    .query(({ ctx, input }) => getSubscription(ctx.engine, ctx.org, input.id, input.includeSecret)),
  update: orgProcedure
    .input(s.updateSubscriptionInput)
    .output(s.subscriptionView)
    .mutation(({ ctx, input }) => updateSubscription(ctx.engine, ctx.org, input)),
  delete: orgProcedure
    .input(s.subscriptionKey)
    .output(s.subscriptionView)
    .mutation(({ ctx, input }) => deleteSubscription(ctx.engine, ctx.org, input.id)),
  recover: orgProcedure
    .input(s.recoverInput)
    .output(s.recoverView)
    .mutation(({ ctx, input }) => recoverMessages(ctx.engine, ctx.org, input)),
  resend: orgProcedure
    .input(s.resendInput)
    .output(z.object({ messageId: z.string(), subscriptionId: z.string(), queued: z.boolean() }))
    .mutation(({ ctx, input }) => resendMessage(ctx.engine, ctx.org, input)),
  messages: orgProcedure
    .input(s.listMessagesInput)
    .output(z.array(s.messageView))
    .query(({ ctx, input }) => listMessages(ctx.prisma, ctx.org, input)),
  message: orgProcedure
    .input(s.getMessageInput)
    .output(s.messageWithAttemptsView)
    .query(({ ctx, input }) => getMessage(ctx.engine, ctx.org, input.id, input.includeAttempts)),
} satisfies TRPCRouterRecord;
