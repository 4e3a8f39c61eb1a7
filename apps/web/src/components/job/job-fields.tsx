import type { ReactNode } from "react";
import { JobDuration, Timestamp } from "@/components/relative-time";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { triggerOf } from "@/lib/job-status";
import type { Job } from "@/trpc/types";

/** Fields shown first, in this order; every other field of the job follows in its own order. */
const FIRST: (keyof Job)[] = [
  "id",
  "status",
  "syncName",
  "sourceConnectionId",
  "syncId",
  "organizationId",
  "scheduled",
  "forceFullSync",
  "createdAt",
  "startedAt",
  "completedAt",
  "failedAt",
];
const SHOWN_ELSEWHERE = new Set<string>(["error", "errorDetails"]);

function labelOf(key: string): string {
  const words = key.replace(/([A-Z])/g, " $1").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function render(value: unknown): ReactNode {
  if (value === null || value === undefined) return <span className="text-muted-foreground">—</span>;
  if (value instanceof Date) return <Timestamp date={value} />;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "object")
    return (
      <pre className="overflow-x-auto rounded bg-muted p-2 text-left font-mono text-xs whitespace-pre-wrap">
        {JSON.stringify(value, null, 2)}
      </pre>
    );
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "");
}

/** Every field of the job row, readable: dates in local time, JSON pretty-printed. */
export function JobFields({ job }: { job: Job }) {
  const keys = [
    ...FIRST,
    ...(Object.keys(job) as (keyof Job)[]).filter((k) => !FIRST.includes(k) && !SHOWN_ELSEWHERE.has(k)),
  ];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Fields</CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="divide-y text-sm">
          <div className="grid grid-cols-[9rem_minmax(0,1fr)] gap-3 py-1.5">
            <dt className="text-muted-foreground">Trigger</dt>
            <dd>{triggerOf(job)}</dd>
          </div>
          <div className="grid grid-cols-[9rem_minmax(0,1fr)] gap-3 py-1.5">
            <dt className="text-muted-foreground">Duration</dt>
            <dd>
              <JobDuration job={job} />
            </dd>
          </div>
          {keys.map((key) => (
            <div key={key} className="grid grid-cols-[9rem_minmax(0,1fr)] gap-3 py-1.5">
              <dt className="text-muted-foreground">{labelOf(key)}</dt>
              <dd className="min-w-0 font-mono text-xs break-all">{render(job[key])}</dd>
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}
