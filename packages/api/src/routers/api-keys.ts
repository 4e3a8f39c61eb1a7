import { notFound } from "@weft/errors";
import type { TRPCRouterRecord } from "@trpc/server";
import { listApiKeys, revokeApiKey } from "@weft/auth";
import { createApiKeyInput, revokeApiKeyInput } from "../schemas";
import { forgetVerifiedKeys } from "../principal";
import { createKeyFromKey } from "../services/api-keys";
import { orgProcedure } from "../trpc";
import { apiKeyView, createdApiKeyView, revokedApiKeyView } from "../views";
import { z } from "zod";

export const apiKeysRouter = {
  /** The secret is in this response only; it is stored as a hash. It expires no later than the caller's key. */
  create: orgProcedure
    .input(createApiKeyInput)
    .output(createdApiKeyView)
    .mutation(({ ctx, input }) => createKeyFromKey(ctx.prisma, ctx.principal, input)),
  list: orgProcedure.output(z.array(apiKeyView)).query(({ ctx }) => listApiKeys(ctx.prisma, ctx.org)),
  revoke: orgProcedure
    .input(revokeApiKeyInput)
    .output(revokedApiKeyView)
    .mutation(async ({ ctx, input }) => {
      if (!(await revokeApiKey(ctx.prisma, ctx.org, input.id))) throw notFound("API key", input.id);
      forgetVerifiedKeys(ctx.prisma); // other processes stop trusting it within PRINCIPAL_TTL_MS
      return { id: input.id, revoked: true };
    }),
} satisfies TRPCRouterRecord;
