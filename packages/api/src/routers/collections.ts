import type { TRPCRouterRecord } from "@trpc/server";
import { collectionKey, createCollectionInput, listCollectionsInput, updateCollectionInput } from "../schemas";
import {
  createCollection,
  deleteCollection,
  getCollection,
  listCollections,
  updateCollection,
} from "../services/collections";
import { orgProcedure } from "../trpc";
import { collectionView } from "../views";
import { z } from "zod";

export const collectionsRouter = {
  list: orgProcedure
    .input(listCollectionsInput)
    .output(z.array(collectionView))
    .query(({ ctx, input }) => listCollections(ctx.prisma, ctx.org, input.skip, input.limit)),
  get: orgProcedure
    .input(collectionKey)
    .output(collectionView)
    .query(({ ctx, input }) => getCollection(ctx.prisma, ctx.org, input.readableId)),
  create: orgProcedure
    .input(createCollectionInput)
    .output(collectionView)
    .mutation(({ ctx, input }) => createCollection(ctx.prisma, ctx.org, input)),
  update: orgProcedure
    .input(updateCollectionInput)
    .output(collectionView)
    .mutation(({ ctx, input }) => updateCollection(ctx.prisma, ctx.org, input.readableId, input.name)),
  delete: orgProcedure
    .input(collectionKey)
    .output(collectionView)
    .mutation(({ ctx, input }) => deleteCollection(ctx.engine, ctx.org, input.readableId)),
} satisfies TRPCRouterRecord;
