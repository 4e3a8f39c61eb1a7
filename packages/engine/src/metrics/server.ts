// The standalone worker's own /metrics endpoint on WEFT_METRICS_PORT (web processes serve theirs through Next).
import { createServer, type Server } from "node:http";
import type { Database } from "@weft/db";
import { logger } from "../log";
import { METRICS_CONTENT_TYPE, metricsAuthorized, renderMetrics } from "./scrape";

const log = logger("metrics");

export function startMetricsServer(port: number, db: Database): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found: the worker serves GET /metrics only\n");
      return;
    }
    if (!metricsAuthorized(req.headers.authorization)) {
      res
        .writeHead(401, { "content-type": "text/plain", "www-authenticate": "Bearer" })
        .end("Send WEFT_METRICS_TOKEN as a bearer token\n");
      return;
    }
    renderMetrics(db).then(
      (text) => res.writeHead(200, { "content-type": METRICS_CONTENT_TYPE }).end(text),
      (error: unknown) => {
        log.error({ err: error }, "rendering metrics failed");
        res.writeHead(500).end();
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => {
      log.info({ port }, "metrics listening");
      resolve(server);
    });
  });
}
