// The orphan sweep of a complete full sync: stored entities this run did not stamp are deleted a page at a time in key
// order (bounded memory for any store size), except those inside a part of the source that failed to read.
import type { Counts } from "../jobs/transitions";
import type { EntityDb } from "./batch-connection";
import type { ErrorSample } from "./counts";
import { sweepOrphanPage, type EntityKey, type RunIds } from "./entity-store";
import type { FailedScopes } from "./failed-scopes";

const SWEEP_PAGE = 10_000;

export type SweepContext = {
  db: EntityDb;
  ids: RunIds;
  retry: <T>(operation: () => Promise<T>) => Promise<T>;
  signal: AbortSignal;
  counts: Counts;
  failed: FailedScopes;
  /** The next ledger step number of the run. */
  stepNo: () => number;
};

export async function sweepOrphans(ctx: SweepContext, errorSamples: ErrorSample[]): Promise<void> {
  const scopes = ctx.failed.scopes;
  let after: EntityKey | null = null;
  let kept = 0;
  for (;;) {
    if (ctx.signal.aborted) return;
    const stepNo = ctx.stepNo();
    const from: EntityKey | null = after;
    const page: Awaited<ReturnType<typeof sweepOrphanPage>> = await ctx.retry(() =>
      sweepOrphanPage(ctx.db, ctx.ids, stepNo, scopes, from, SWEEP_PAGE),
    );
    ctx.counts.deleted += page.deleted;
    kept += page.kept;
    if (page.scanned < SWEEP_PAGE || !page.last) break;
    after = page.last;
  }
  if (kept > 0) {
    // Said once, beyond the sample limit: the job's error_details must tell why orphans were not all deleted.
    errorSamples.push({
      entity_type: "*",
      entity_id: "*",
      error_class: "OrphansKept",
      message: `Kept ${kept} stored entities not seen in this full sync because their part of the source failed to read; the next full sync that reads it removes what is really gone.`,
      stage: "orphans",
    });
  }
}
