import { z } from "zod";
import { sourceKey } from "@weft/api/schemas";
import { sourceDto, sourceSchema } from "../dto/sources";
import { defineRoute } from "../route";

export const sourceRoutes = [
  defineRoute({
    method: "GET",
    path: "/sources",
    summary: "List the source types this server offers",
    tag: "sources",
    response: z.array(sourceSchema),
    errors: [401],
    handle: async ({ caller }) => (await caller.sources.list()).map(sourceDto),
  }),
  defineRoute({
    method: "GET",
    path: "/sources/{short_name}",
    summary: "Get a source type",
    tag: "sources",
    params: z.object({ short_name: sourceKey.shape.shortName }),
    response: sourceSchema,
    errors: [401, 404, 422],
    handle: async ({ caller, params }) => sourceDto(await caller.sources.get({ shortName: params.short_name })),
  }),
];
