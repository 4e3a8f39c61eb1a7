import { metricsResponse } from "../../server/metrics-handler";
import { observed } from "../../server/observe";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = observed("/metrics", metricsResponse, { quiet: true });
