import { z } from "zod";
import { collectionName, readableId } from "@weft/api/schemas";
import { collectionDto, collectionSchema } from "../dto/collections";
import { listQuery, readableIdParam } from "../request-fields";
import { defineRoute } from "../route";

export const collectionRoutes = [
  defineRoute({
    method: "GET",
    path: "/collections",
    summary: "List collections",
    tag: "collections",
    query: listQuery,
    response: z.array(collectionSchema),
    errors: [401, 422],
    handle: async ({ caller, query }) => (await caller.collections.list(query)).map(collectionDto),
  }),
  defineRoute({
    method: "POST",
    path: "/collections",
    summary: "Create a collection",
    tag: "collections",
    body: z.object({ name: collectionName, readable_id: readableId.optional() }),
    response: collectionSchema,
    errors: [401, 409, 422],
    handle: async ({ caller, body }) =>
      collectionDto(await caller.collections.create({ name: body.name, readableId: body.readable_id })),
  }),
  defineRoute({
    method: "GET",
    path: "/collections/{readable_id}",
    summary: "Get a collection",
    tag: "collections",
    params: readableIdParam,
    response: collectionSchema,
    errors: [401, 404, 422],
    handle: async ({ caller, params }) =>
      collectionDto(await caller.collections.get({ readableId: params.readable_id })),
  }),
  defineRoute({
    method: "PATCH",
    path: "/collections/{readable_id}",
    summary: "Rename a collection",
    tag: "collections",
    params: readableIdParam,
    body: z.object({ name: collectionName }),
    response: collectionSchema,
    errors: [401, 404, 422],
    handle: async ({ caller, params, body }) =>
      collectionDto(await caller.collections.update({ readableId: params.readable_id, name: body.name })),
  }),
  defineRoute({
    method: "DELETE",
    path: "/collections/{readable_id}",
    summary: "Delete a collection and its source connections",
    tag: "collections",
    params: readableIdParam,
    response: collectionSchema,
    errors: [401, 404, 422],
    handle: async ({ caller, params }) =>
      collectionDto(await caller.collections.delete({ readableId: params.readable_id })),
  }),
];
