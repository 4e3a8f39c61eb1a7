// What the engine, the API and the web server call when something countable happens.
import type { Counts } from "../jobs/transitions";
import { metrics } from "./registry";
import { COUNTER_KEYS, type EndStatus, type JobStatus } from "@weft/job-model";

export function recordTransition(status: JobStatus): void {
  metrics().jobTransitions.inc({ status });
}

/** A job reached its end state in this worker: its duration and what it did to entities. */
export function recordJobEnd(source: string, outcome: EndStatus, seconds: number, counts: Counts): void {
  const m = metrics();
  m.jobDuration.observe({ source, outcome }, seconds);
  for (const action of COUNTER_KEYS) {
    if (counts[action] > 0) m.entitiesProcessed.inc({ action }, counts[action]);
  }
}

export function recordPickupLatency(seconds: number): void {
  metrics().pickupLatency.observe(Math.max(0, seconds));
}

/** A live subscription opened; call the returned function once when it ends. */
export function trackSubscriber(): () => void {
  metrics().subscribers.inc();
  let done = false;
  return () => {
    if (done) return;
    done = true;
    metrics().subscribers.dec();
  };
}

/** One webhook delivery attempt: "success" (2xx), "failure" (other status) or "error" (timeout, refused, …). */
export function recordWebhookDelivery(outcome: "success" | "failure" | "error", seconds: number): void {
  const m = metrics();
  m.webhookDeliveries.inc({ outcome });
  m.webhookLatency.observe(seconds);
}

export function recordHttpRequest(route: string, method: string, status: number, seconds: number): void {
  metrics().httpDuration.observe({ route, method, status: String(status) }, seconds);
}
