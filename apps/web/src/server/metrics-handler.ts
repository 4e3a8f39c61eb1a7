// GET /metrics: this web process's Prometheus metrics (the standalone worker serves its own on WEFT_METRICS_PORT).
import { getEngine } from "@weft/engine";
import { metricsAuthorized, METRICS_CONTENT_TYPE, renderMetrics } from "@weft/engine/metrics";
import { isReady } from "./state";

export async function metricsResponse(request: Request): Promise<Response> {
  if (!metricsAuthorized(request.headers.get("authorization"))) {
    return new Response("Send WEFT_METRICS_TOKEN as a bearer token\n", {
      status: 401,
      headers: { "content-type": "text/plain", "www-authenticate": "Bearer" },
    });
  }
  // The queue gauges need the database; until start-up is done the process metrics are still worth scraping.
  const text = await renderMetrics(isReady() ? (await getEngine()).db : null);
  return new Response(text, { headers: { "content-type": METRICS_CONTENT_TYPE, "cache-control": "no-store" } });
}
