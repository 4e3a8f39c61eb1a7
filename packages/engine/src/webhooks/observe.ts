// A hook for whoever counts deliveries (metrics): every attempt's outcome and latency, in this process.
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
  for (const observer of observers) {
    try {
      observer(observation);
    } catch {
      // an observer's failure never affects delivery
    }
  }
}
