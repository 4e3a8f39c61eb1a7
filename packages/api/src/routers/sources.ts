import type { TRPCRouterRecord } from "@trpc/server";
import { sourceKey } from "../schemas";
import { getSourceView, listSources } from "../services/sources";
import { orgProcedure } from "../trpc";

export const sourcesRouter = {
  list: orgProcedure.query(({ ctx }) => listSources(ctx.engine.access)),
  get: orgProcedure.input(sourceKey).query(({ ctx, input }) => getSourceView(input.shortName, ctx.engine.access)),
} satisfies TRPCRouterRecord;
