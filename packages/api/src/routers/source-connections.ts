import type { TRPCRouterRecord } from "@trpc/server";
import {
  connectionKey,
  createConnectionInput,
  listConnectionsInput,
  scheduleInput,
  updateConnectionInput,
} from "../schemas";
import {
  createConnection,
  deleteConnection,
  getConnection,
  listConnections,
  setConnectionScheduleActive,
  updateConnection,
} from "../services/source-connections";
import { orgProcedure } from "../trpc";
import { connectionListItemView, connectionView } from "../views";
import { z } from "zod";

export const sourceConnectionsRouter = {
  list: orgProcedure
    .input(listConnectionsInput)
    .output(z.array(connectionListItemView))
    .query(({ ctx, input }) => listConnections(ctx.prisma, ctx.org, input)),
  get: orgProcedure
    .input(connectionKey)
    .output(connectionView)
    .query(({ ctx, input }) => getConnection(ctx.prisma, ctx.org, input.id)),
  create: orgProcedure
    .input(createConnectionInput)
    .output(connectionView)
    .mutation(({ ctx, input }) =>
      createConnection(ctx.engine, ctx.org, input, ctx.principal.via === "session" ? "manual" : "api"),
    ),
  update: orgProcedure
    .input(updateConnectionInput)
    .output(connectionView)
    .mutation(({ ctx, input: { id, ...changes } }) =>
      updateConnection(ctx.prisma, ctx.org, id, changes, ctx.engine.access),
    ),
  delete: orgProcedure
    .input(connectionKey)
    .output(connectionView)
    .mutation(({ ctx, input }) => deleteConnection(ctx.engine, ctx.org, input.id)),
  setSchedule: orgProcedure
    .input(connectionKey.extend({ schedule: scheduleInput }))
    .output(connectionView)
    .mutation(({ ctx, input }) =>
      updateConnection(ctx.prisma, ctx.org, input.id, { schedule: input.schedule }, ctx.engine.access),
    ),
  pauseSchedule: orgProcedure
    .input(connectionKey)
    .output(connectionView)
    .mutation(({ ctx, input }) => setConnectionScheduleActive(ctx.prisma, ctx.org, input.id, false)),
  resumeSchedule: orgProcedure
    .input(connectionKey)
    .output(connectionView)
    .mutation(({ ctx, input }) => setConnectionScheduleActive(ctx.prisma, ctx.org, input.id, true)),
} satisfies TRPCRouterRecord;
