// The running tally of a job: what the job row, the progress events and the final state report.
import { COUNTER_KEYS, type CounterKey } from "@weft/job-model";
import type { Counts } from "../jobs/transitions";

export function emptyCounts(): Counts {
  const zero = Object.fromEntries(COUNTER_KEYS.map((key) => [key, 0])) as Record<CounterKey, number>;
  return { ...zero, encountered: {} };
}

export function countsKey(c: Counts): string {
  return [...COUNTER_KEYS.map((key) => c[key]), JSON.stringify(c.encountered)].join("/");
}

export const MAX_ERROR_SAMPLES = 10;

export type ErrorSample = {
  entity_type: string;
  entity_id: string;
  error_class: string;
  message: string;
  stage: string;
};
