"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import { Timestamp } from "@/components/relative-time";
import { StatusBadge } from "@/components/status-badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatNumber } from "@/lib/format";
import { processedFromPayload } from "@/lib/job-status";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import type { JobStatus } from "@/trpc/types";
import type { LiveEvent } from "./use-job-progress";

type Row = { seq: number; type: string; createdAt: Date; status: JobStatus; processed: number; error: string | null };

function toRow(seq: number, type: string, createdAt: Date, payload: Record<string, unknown>): Row {
  const processed = processedFromPayload(payload);
  return {
    seq,
    type,
    createdAt: new Date(createdAt),
    status: payload.status as JobStatus,
    processed,
    error: typeof payload.error === "string" ? payload.error : null,
  };
}

/** The job's durable event log (jobs.events), with events that arrive live appended; newest first. */
export function JobTimeline({ jobId, live }: { jobId: string; live: LiveEvent[] }) {
  const trpc = useTRPC();
  const { data: stored } = useSuspenseQuery(trpc.jobs.events.queryOptions({ jobId }));
  const bySeq = new Map<number, Row>();
  for (const e of stored)
    bySeq.set(e.seq, toRow(e.seq, e.type, e.createdAt, (e.payload ?? {}) as Record<string, unknown>));
  for (const e of live) bySeq.set(e.seq, toRow(e.seq, e.type, e.createdAt, e));
  const rows = [...bySeq.values()].sort((a, b) => b.seq - a.seq);

  return (
    <Card>
      <CardHeader>
        <CardTitle>Event timeline</CardTitle>
        <CardDescription>{rows.length} events, newest first. Status changes are highlighted.</CardDescription>
      </CardHeader>
      <CardContent>
        <ol
          tabIndex={0}
          className="max-h-96 space-y-0 overflow-y-auto rounded-md border text-sm"
          aria-label="Job events"
        >
          {rows.map((row) => (
            <li
              key={row.seq}
              className={cn(
                "flex flex-wrap items-center gap-x-3 gap-y-1 border-b px-3 py-2 last:border-0",
                row.type !== "progress" && "bg-muted/60",
              )}
            >
              <span className="w-10 font-mono text-xs text-muted-foreground">#{row.seq}</span>
              <span className="w-40 text-xs text-muted-foreground">
                <Timestamp date={row.createdAt} />
              </span>
              <span className="w-20 text-xs font-medium">{row.type}</span>
              {row.type === "progress" ? null : <StatusBadge status={row.status} />}
              <span className="ml-auto text-xs tabular-nums text-muted-foreground">
                {formatNumber(row.processed)} processed
              </span>
              {row.error ? <span className="basis-full text-xs text-destructive">{row.error}</span> : null}
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}
