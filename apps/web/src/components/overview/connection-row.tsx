"use client";
import Link from "next/link";
import { JobDuration, RelativeTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { formatNumber } from "@/lib/format";
import type { ConnectionListItem } from "@/trpc/types";
import { NextRun } from "@/components/connection/next-run";
import { RecentJobsBar } from "./recent-jobs-bar";

function Meta({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="truncate text-sm">{children}</dd>
    </div>
  );
}

/** One connection: what it reads, how its last job went, when it runs next, and its last ten jobs. */
export function ConnectionRow({ connection, sourceName }: { connection: ConnectionListItem; sourceName: string }) {
  const last = connection.lastJob;
  return (
    <li className="grid gap-3 p-4 md:grid-cols-[minmax(0,1.6fr)_minmax(0,2.4fr)_auto] md:items-center">
      <div className="min-w-0 space-y-1">
        <Link href={`/connections/${connection.id}`} className="block truncate rounded-sm font-medium hover:underline">
          {connection.name}
        </Link>
        <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
          <Badge tone="primary">{sourceName}</Badge>
          <span>{formatNumber(connection.entityCount)} entities</span>
        </div>
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-4">
        <Meta label="Last job">
          {last ? <StatusBadge status={last.status} /> : <span className="text-muted-foreground">Never run</span>}
        </Meta>
        <Meta label="Last run">
          <RelativeTime date={last?.startedAt ?? last?.createdAt} fallback="—" />
        </Meta>
        <Meta label="Took">{last ? <JobDuration job={last} /> : <span className="text-muted-foreground">—</span>}</Meta>
        <Meta label="Next run">
          <NextRun sync={connection.sync} />
        </Meta>
      </dl>
      <RecentJobsBar connectionId={connection.id} />
    </li>
  );
}
