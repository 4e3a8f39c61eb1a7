"use client";
import { RelativeTime } from "@/components/relative-time";
import type { ConnectionListItem } from "@/trpc/types";

/** "in 12 minutes", "Paused" or "No schedule", from the connection's sync. */
export function NextRun({ sync }: { sync: ConnectionListItem["sync"] }) {
  if (!sync?.cron) return <span className="text-muted-foreground">No schedule</span>;
  if (sync.status === "paused") return <span className="text-muted-foreground">Paused</span>;
  return <RelativeTime date={sync.nextRunAt} fallback="Soon" />;
}
