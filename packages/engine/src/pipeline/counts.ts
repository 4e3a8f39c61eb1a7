// The running tally of a job: what the job row, the progress events and the final state report.
import type { Counts } from "../jobs/transitions";

export function emptyCounts(): Counts {
  return { inserted: 0, updated: 0, deleted: 0, kept: 0, skipped: 0, failed: 0, encountered: {} };
}

export function countsKey(c: Counts): string {
  return `${c.inserted}/${c.updated}/${c.deleted}/${c.kept}/${c.skipped}/${c.failed}/${JSON.stringify(c.encountered)}`;
}

export const MAX_ERROR_SAMPLES = 10;

export type ErrorSample = { entity_type: string; entity_id: string; error_class: string; message: string; stage: string };
