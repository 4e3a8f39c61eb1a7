// A hook for whoever counts deliveries: every attempt's outcome and latency, in this process (always counted in the
// process's Prometheus metrics).
import { recordWebhookDelivery } from "../metrics/record";

export type DeliveryObservation = {
  outcome: "success" | "failed" | "timeout" | "refused";
  statusCode: number;
  latencyMs: number;
  eventType: string;
  organizationId: string;
};

type Observer = (observation: DeliveryObservation) => void;
const observers = new Set<Observer>();

/** Calls `observer` after every delivery attempt of this process; returns the unsubscribe function. */
export function onWebhookDelivery(observer: Observer): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function reportDelivery(observation: DeliveryObservation): void {
  recordWebhookDelivery(metricOutcome(observation.outcome), observation.latencyMs / 1000);
  for (const observer of observers) {
    try {
      observer(observation);
    } catch {
      // an observer's failure never affects delivery
    }
  }
}

function metricOutcome(outcome: DeliveryObservation["outcome"]): "success" | "failure" | "error" {
  switch (outcome) {
    case "success":
      return "success";
    case "failed":
      return "failure";
    case "timeout":
    case "refused":
      return "error";
  }
}
