import type { TRPCRouterRecord } from "@trpc/server";
import { createApiKey, listApiKeys, revokeApiKey } from "@weft/db";
import { NotFoundError } from "@weft/engine";
import { createApiKeyInput, revokeApiKeyInput } from "../schemas";
import { orgProcedure } from "../trpc";

export const apiKeysRouter = {
  /** The secret is in this response only; it is stored as a hash. */
  create: orgProcedure.input(createApiKeyInput).mutation(({ ctx, input }) =>
    createApiKey(ctx.prisma, { organizationId: ctx.org, name: input.name, expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null }),
  ),
  list: orgProcedure.query(({ ctx }) => listApiKeys(ctx.prisma, ctx.org)),
  revoke: orgProcedure.input(revokeApiKeyInput).mutation(async ({ ctx, input }) => {
    if (!(await revokeApiKey(ctx.prisma, ctx.org, input.id))) throw new NotFoundError("API key", input.id);
    return { id: input.id, revoked: true };
  }),
} satisfies TRPCRouterRecord;
