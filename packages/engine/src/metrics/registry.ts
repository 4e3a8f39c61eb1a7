// This process's Prometheus metrics (prom-client). Each process counts what happens in it (a worker counts the
// transitions it makes, a web process the requests it answers) and exposes its own registry. Kept on globalThis:
// Next compiles instrumentation and route handlers into separate bundles, and both must count into one registry.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    jobTransitions: new Counter({
      name: "weft_job_transitions_total",
      help: "Job status transitions made by this process, by the status reached",
      labelNames: ["status"],
      registers,
    }),
    jobsActive: new Gauge({
      name: "weft_jobs_active",
      help: "Jobs in an active status (PENDING, RUNNING, CANCELLING), read from the database at scrape time",
      labelNames: ["status"],
      registers,
    }),
    jobDuration: new Histogram({
      name: "weft_job_duration_seconds",
      help: "Time from a worker's claim to the job's end state, by source type and outcome",
      labelNames: ["source", "outcome"],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 21600],
      registers,
    }),
    entitiesProcessed: new Counter({
      name: "weft_entities_processed_total",
      help: "Entities processed by jobs that ended in this process, by action",
      labelNames: ["action"],
      registers,
    }),
    queueDepth: new Gauge({
      name: "weft_queue_depth",
      help: "PENDING jobs waiting for a worker, read at scrape time",
      registers,
    }),
    queueOldestAge: new Gauge({
      name: "weft_queue_oldest_pending_age_seconds",
      help: "Age of the oldest PENDING job (0 when none), read at scrape time",
      registers,
    }),
    pickupLatency: new Histogram({
      name: "weft_job_pickup_latency_seconds",
      help: "Time from a run's creation to RUNNING (first claim)",
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
      registers,
    }),
    subscribers: new Gauge({
      name: "weft_live_subscribers",
      help: "Live SSE and tRPC job subscriptions held by this process",
      registers,
    }),
    webhookDeliveries: new Counter({
      name: "weft_webhook_deliveries_total",
      help: "Webhook delivery attempts, by outcome",
      labelNames: ["outcome"],
      registers,
    }),
    webhookLatency: new Histogram({
      name: "weft_webhook_delivery_seconds",
      help: "Webhook delivery attempt duration (request to response or failure)",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    httpDuration: new Histogram({
      name: "weft_http_request_duration_seconds",
      help: "HTTP requests answered by this process, by route and status (until the response head)",
      labelNames: ["route", "method", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof build>;

const holder = globalThis as typeof globalThis & { __weftMetrics?: Metrics };

export function metrics(): Metrics {
  holder.__weftMetrics ??= build();
  return holder.__weftMetrics;
}
