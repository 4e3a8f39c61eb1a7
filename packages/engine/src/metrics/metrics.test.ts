import { describe, expect, it } from "vitest";
import { metricsAuthorized } from "./scrape";
import { metrics } from "./registry";
import { recordWebhookDelivery } from "./record";

describe("metrics", () => {
  it("accepts only the exact bearer token when one is set", () => {
    const token = "0123456789abcdef0123";
    expect(metricsAuthorized(null, token)).toBe(false);
    expect(metricsAuthorized(`Bearer ${token}x`, token)).toBe(false);
    expect(metricsAuthorized(`Basic ${token}`, token)).toBe(false);
    expect(metricsAuthorized(`Bearer ${token}`, token)).toBe(true);
    expect(metricsAuthorized(undefined, undefined)).toBe(true);
  });

  it("counts webhook deliveries by outcome", async () => {
    const before =
      (await metrics().webhookDeliveries.get()).values.find((v) => v.labels.outcome === "failure")?.value ?? 0;
    recordWebhookDelivery("failure", 0.2);
    recordWebhookDelivery("failure", 0.3);
    const after = (await metrics().webhookDeliveries.get()).values.find((v) => v.labels.outcome === "failure")?.value;
    expect(after).toBe(before + 2);
    const latency = await metrics().webhookLatency.get();
    expect(
      latency.values.find((v) => v.metricName === "weft_webhook_delivery_seconds_count")?.value,
    ).toBeGreaterThanOrEqual(2);
  });
});
