import type { TRPCRouterRecord } from "@trpc/server";
import { sourceKey } from "../schemas";
import { getSourceView, listSources } from "../services/sources";
import { orgProcedure } from "../trpc";

export const sourcesRouter = {
  list: orgProcedure.query(() => listSources()),
  get: orgProcedure.input(sourceKey).query(({ input }) => getSourceView(input.shortName)),
} satisfies TRPCRouterRecord;
