import type { TRPCRouterRecord } from "@trpc/server";
import { sourceKey } from "../schemas";
import { getSourceView, listSources } from "../services/sources";
import { orgProcedure } from "../trpc";
import { sourceView } from "../views";
import { z } from "zod";

export const sourcesRouter = {
  list: orgProcedure.output(z.array(sourceView)).query(({ ctx }) => listSources(ctx.engine.access)),
  get: orgProcedure
    .input(sourceKey)
    .output(sourceView)
    .query(({ ctx, input }) => getSourceView(input.shortName, ctx.engine.access)),
} satisfies TRPCRouterRecord;
