import { apiKeysRouter } from "./routers/api-keys";
import { collectionsRouter } from "./routers/collections";
import { jobsRouter } from "./routers/jobs";
import { runsRouter } from "./routers/runs";
import { sourceConnectionsRouter } from "./routers/source-connections";
import { sourcesRouter } from "./routers/sources";
import { subscriptionsRouter } from "./routers/subscriptions";
import { webhooksRouter } from "./routers/webhooks";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  jobs: jobsRouter,
  runs: runsRouter,
  subscriptions: subscriptionsRouter,
  sourceConnections: sourceConnectionsRouter,
  collections: collectionsRouter,
  sources: sourcesRouter,
  apiKeys: apiKeysRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
