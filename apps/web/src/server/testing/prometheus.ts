/// <reference path="./parse-prometheus-text-format.d.ts" />
// Reading a /metrics page in tests through a Prometheus text-format parser: one number by name and labels.
import parse, { type MetricFamily } from "parse-prometheus-text-format";

export type Scrape = { families: MetricFamily[]; value(name: string, labels?: Record<string, string>): number };

function matches(sampleLabels: Record<string, string> | undefined, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([k, v]) => sampleLabels?.[k] === v);
}

/**
 * parse-prometheus-text-format merges the buckets of every label set of a histogram into one map (its flattenMetrics)
 * and drops their labels, _sum and _count; so histograms are handed to it as what they also are, summaries without
 * quantiles (the _bucket lines left out), which it parses per label set.
 */
function histogramsAsSummaries(text: string): string {
  const histograms = new Set([...text.matchAll(/^# TYPE (\S+) histogram$/gm)].map((m) => m[1]));
  return text
    .split("\n")
    .filter((line) => !(/^(\S+)_bucket[{ ]/.exec(line) && histograms.has(/^(\S+)_bucket/.exec(line)?.[1])))
    .map((line) => line.replace(/^(# TYPE \S+) histogram$/, "$1 summary"))
    .join("\n");
}

/** `value("x_count", …)` / `value("x_sum", …)` read a histogram's count and sum; absent samples read 0. */
export function scrape(text: string): Scrape {
  const families = parse(histogramsAsSummaries(text));
  return {
    families,
    value(name, labels = {}) {
      const histogram = /^(.*)_(count|sum)$/.exec(name);
      const family =
        families.find((f) => f.name === name) ??
        families.find((f) => f.type === "SUMMARY" && f.name === histogram?.[1]);
      if (!family) throw new Error(`no metric ${name} on the page`);
      let total = 0;
      for (const sample of family.metrics) {
        if (!matches(sample.labels, labels)) continue;
        if ("count" in sample) total += Number(histogram?.[2] === "sum" ? sample.sum : sample.count);
        else total += Number(sample.value);
      }
      return total;
    },
  };
}
