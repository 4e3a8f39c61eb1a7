// The /v1 route table: every path of CONTRACT.md's table. The handler, the OpenAPI document and the tests read it.
import type { Route } from "../route";
import { collectionRoutes } from "./collections";
import { jobRoutes } from "./jobs";
import { sourceConnectionRoutes } from "./source-connections";
import { sourceRoutes } from "./sources";
import { webhookRoutes } from "./webhooks";

export const routes: Route[] = [
  ...collectionRoutes,
  ...sourceConnectionRoutes,
  ...jobRoutes,
  ...sourceRoutes,
  ...webhookRoutes,
];
