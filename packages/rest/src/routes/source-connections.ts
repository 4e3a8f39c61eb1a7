import { z } from "zod";
import { createConnectionInput, listConnectionsInput, updateConnectionInput } from "@weft/api/schemas";
import {
  sourceConnectionDto,
  sourceConnectionListItemDto,
  sourceConnectionListItemSchema,
  sourceConnectionSchema,
} from "../dto/source-connections";
import { connectionParam } from "../request-fields";
import { defineRoute } from "../route";

const jsonObject = z.record(z.string(), z.unknown());
const authentication = z.object({ credentials: jsonObject.optional() }).passthrough();

// The fields of the api's inputs under Airweave's names; `config: null` and `authentication` are Airweave's only.
const create = createConnectionInput.shape;
const createBody = z.object({
  name: create.name,
  short_name: create.shortName,
  readable_collection_id: create.readableCollectionId,
  description: create.description,
  config: jsonObject.nullish(),
  schedule: create.schedule,
  sync_immediately: create.syncImmediately,
  authentication: authentication.nullish(),
});

const updateBody = z
  .object({
    name: updateConnectionInput.shape.name,
    description: updateConnectionInput.shape.description,
    config: updateConnectionInput.shape.config,
    schedule: updateConnectionInput.shape.schedule,
    authentication: authentication.nullish(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: "Provide at least one field to update" });

export const sourceConnectionRoutes = [
  defineRoute({
    method: "GET",
    path: "/source-connections",
    summary: "List source connections",
    tag: "source-connections",
    query: listConnectionsInput,
    response: z.array(sourceConnectionListItemSchema),
    errors: [401, 422],
    handle: async ({ caller, query }) => (await caller.sourceConnections.list(query)).map(sourceConnectionListItemDto),
  }),
  defineRoute({
    method: "POST",
    path: "/source-connections",
    summary: "Create a source connection (and run it unless sync_immediately is false)",
    tag: "source-connections",
    body: createBody,
    response: sourceConnectionSchema,
    errors: [401, 404, 409, 422],
    handle: async ({ caller, body }) =>
      sourceConnectionDto(
        await caller.sourceConnections.create({
          name: body.name,
          shortName: body.short_name,
          readableCollectionId: body.readable_collection_id,
          description: body.description,
          config: body.config ?? {},
          credentials: body.authentication?.credentials,
          schedule: body.schedule ?? undefined,
          syncImmediately: body.sync_immediately,
        }),
      ),
  }),
  defineRoute({
    method: "GET",
    path: "/source-connections/{id}",
    summary: "Get a source connection",
    tag: "source-connections",
    params: connectionParam,
    response: sourceConnectionSchema,
    errors: [401, 404, 422],
    handle: async ({ caller, params }) => sourceConnectionDto(await caller.sourceConnections.get({ id: params.id })),
  }),
  defineRoute({
    method: "PATCH",
    path: "/source-connections/{id}",
    summary: "Update a source connection; { schedule: { cron: null } } clears the schedule",
    tag: "source-connections",
    params: connectionParam,
    body: updateBody,
    response: sourceConnectionSchema,
    errors: [401, 404, 422],
    handle: async ({ caller, params, body }) =>
      sourceConnectionDto(
        await caller.sourceConnections.update({
          id: params.id,
          name: body.name,
          description: body.description,
          config: body.config,
          credentials: body.authentication?.credentials,
          schedule: body.schedule === null ? { cron: null } : body.schedule,
        }),
      ),
  }),
  defineRoute({
    method: "DELETE",
    path: "/source-connections/{id}",
    summary: "Delete a source connection (its active job is cancelled)",
    tag: "source-connections",
    params: connectionParam,
    response: sourceConnectionSchema,
    errors: [401, 404, 422],
    handle: async ({ caller, params }) => sourceConnectionDto(await caller.sourceConnections.delete({ id: params.id })),
  }),
];
