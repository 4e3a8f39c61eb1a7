import { COUNTERS } from "@/lib/job-status";
import { cn } from "@/lib/utils";
import type { Snapshot } from "./use-job-progress";

const ACCENT: Record<string, string> = { Failed: "text-destructive", Deleted: "text-warning" };

/** Inserted / Updated / Kept / Deleted / Skipped / Failed: each number (plain digits) is labelled by its name (getByLabel("Kept")). */
export function JobCounters({ snapshot, idPrefix }: { snapshot: Snapshot; idPrefix: string }) {
  return (
    <dl aria-live="polite" aria-label="Entity counts" className="grid grid-cols-3 gap-2 sm:grid-cols-6">
      {COUNTERS.map(({ key, label }) => {
        const value = snapshot[key];
        const id = `${idPrefix}-${label.toLowerCase()}`;
        return (
          <div key={key} className="rounded-md border bg-background/50 px-3 py-2">
            <dt id={id} className="text-xs text-muted-foreground">
              {label}
            </dt>
            <dd aria-labelledby={id} className={cn("text-lg font-semibold tabular-nums", value > 0 && ACCENT[label])}>
              {value}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
