import { z } from "zod";
import { listJobsInput } from "@weft/api/schemas";
import { sourceConnectionJobDto, sourceConnectionJobSchema, syncJobDto, syncJobSchema } from "../dto/jobs";
import { connectionParam, id, jobParam, queryBool } from "../request-fields";
import { defineRoute } from "../route";
import { subscribeResponse } from "../sse";

export const jobRoutes = [
  defineRoute({
    method: "GET",
    path: "/sync/jobs/{job_id}",
    summary: "Get Sync Job",
    tag: "sync",
    params: jobParam,
    response: syncJobSchema,
    errors: [401, 404, 422],
    handle: async ({ caller, params }) => syncJobDto(await caller.jobs.get({ jobId: params.job_id })),
  }),
  defineRoute({
    method: "GET",
    path: "/sync/job/{job_id}/subscribe",
    summary: "Stream Sync Job Logs (Server-Sent Events)",
    tag: "sync",
    params: jobParam,
    response: "sse",
    errors: [401, 404, 422],
    handle: ({ params, ...input }) => subscribeResponse({ ...input, jobId: params.job_id }),
  }),
  defineRoute({
    method: "GET",
    path: "/source-connections/{id}/jobs",
    summary: "List Sync Jobs of a source connection, newest first",
    tag: "source-connections",
    params: connectionParam,
    query: listJobsInput.pick({ skip: true, limit: true, status: true }),
    response: z.array(sourceConnectionJobSchema),
    errors: [401, 404, 422],
    handle: async ({ caller, params, query }) =>
      (
        await caller.jobs.list({
          sourceConnectionId: params.id,
          skip: query.skip,
          limit: query.limit,
          status: query.status,
        })
      ).items.map(sourceConnectionJobDto),
  }),
  defineRoute({
    method: "POST",
    path: "/source-connections/{id}/run",
    summary: "Run Sync",
    tag: "source-connections",
    params: connectionParam,
    query: z.object({ force_full_sync: queryBool.default(false) }),
    response: sourceConnectionJobSchema,
    errors: [401, 404, 409, 422],
    handle: async ({ caller, params, query }) =>
      sourceConnectionJobDto(
        await caller.runs.start({ sourceConnectionId: params.id, forceFullSync: query.force_full_sync }),
      ),
  }),
  defineRoute({
    method: "POST",
    path: "/source-connections/{id}/jobs/{job_id}/cancel",
    summary: "Cancel a sync job",
    tag: "source-connections",
    params: z.object({ id, job_id: id }),
    response: sourceConnectionJobSchema,
    errors: [401, 404, 409, 422],
    handle: async ({ caller, params }) =>
      sourceConnectionJobDto(await caller.runs.cancel({ jobId: params.job_id, sourceConnectionId: params.id })),
  }),
];
