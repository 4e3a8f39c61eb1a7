export { metrics, type Metrics } from "./registry";
export {
  recordHttpRequest,
  recordJobEnd,
  recordPickupLatency,
  recordTransition,
  recordWebhookDelivery,
  trackSubscriber,
} from "./record";
export { METRICS_CONTENT_TYPE, metricsAuthorized, renderMetrics } from "./scrape";
export { startMetricsServer } from "./server";
