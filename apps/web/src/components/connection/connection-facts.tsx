"use client";
import type { ReactNode } from "react";
import { RelativeTime, Timestamp } from "@/components/relative-time";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { describeCron } from "@/lib/cron";
import { formatNumber } from "@/lib/format";
import type { Connection } from "@/trpc/types";
import { ScheduleToggle } from "./schedule-toggle";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-3 py-1.5">
      <dt className="shrink-0 text-muted-foreground">{label}</dt>
      <dd className="min-w-0 text-right break-words">{children}</dd>
    </div>
  );
}

/** Schedule (with pause/resume), run totals, sync mode and stored entities by type. */
export function ConnectionFacts({ connection }: { connection: Connection }) {
  const { sync, stats } = connection;
  const byType = Object.entries(connection.entities.byType).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Card className="h-fit">
      <CardHeader>
        <CardTitle>Schedule and totals</CardTitle>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        <dl className="divide-y">
          <Fact label="Schedule">
            {sync.cron ? (
              <span>
                <code className="text-xs">{sync.cron}</code>
                <span className="block text-xs text-muted-foreground">{describeCron(sync.cron)}</span>
              </span>
            ) : (
              "None (runs when you press Run)"
            )}
          </Fact>
          {sync.cron ? (
            <Fact label="Next run">
              {sync.status === "paused" ? "Paused" : <RelativeTime date={sync.nextRunAt} fallback="Soon" />}
            </Fact>
          ) : null}
          <Fact label="Sync mode">{connection.supportsContinuous ? "Incremental (cursor)" : "Full every run"}</Fact>
          <Fact label="Runs">
            {formatNumber(stats.totalRuns)} total · {formatNumber(stats.successfulRuns)} completed ·{" "}
            {formatNumber(stats.failedRuns)} failed
          </Fact>
          <Fact label="Collection">
            <code className="text-xs">{connection.readableCollectionId}</code>
          </Fact>
          <Fact label="Created">
            <Timestamp date={connection.createdAt} />
          </Fact>
        </dl>
        {sync.cron ? <ScheduleToggle connectionId={connection.id} paused={sync.status === "paused"} /> : null}
        {byType.length ? (
          <div>
            <h3 className="mb-1 text-xs font-medium text-muted-foreground">Stored entities by type</h3>
            <ul className="space-y-1">
              {byType.map(([type, info]) => (
                <li key={type} className="flex justify-between gap-2">
                  <code className="truncate text-xs">{type}</code>
                  <span className="tabular-nums">{formatNumber(info.count)}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
