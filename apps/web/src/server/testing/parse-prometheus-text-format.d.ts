// Types for parse-prometheus-text-format (the package ships none): what its parser returns, as its README shows.
declare module "parse-prometheus-text-format" {
  type Labels = Record<string, string>;
  export type Sample = { labels?: Labels; value: string };
  export type SummarySample = { labels?: Labels; count: string; sum: string };
  export type MetricFamily = {
    name: string;
    help: string;
    type: "COUNTER" | "GAUGE" | "HISTOGRAM" | "SUMMARY" | "UNTYPED";
    metrics: (Sample | SummarySample)[];
  };
  export default function parsePrometheusTextFormat(text: string): MetricFamily[];
}
