"use client";
import { useEffect, useState } from "react";
import { formatDateTime, formatDuration, formatRelative } from "@/lib/format";
import { durationSeconds, isActiveStatus } from "@/lib/job-status";

/** Re-renders every `intervalMs` so relative times and elapsed counters stay current. */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** "3 minutes ago" with the exact time as a tooltip; server and browser clocks may differ, hence no hydration warning. */
export function RelativeTime({ date, fallback = "—" }: { date: Date | null | undefined; fallback?: string }) {
  const now = useNow();
  if (!date) return <span className="text-muted-foreground">{fallback}</span>;
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)} suppressHydrationWarning>
      {formatRelative(date, now)}
    </time>
  );
}

/** An absolute date and time in the reader's time zone. */
export function Timestamp({ date }: { date: Date | null | undefined }) {
  if (!date) return <span className="text-muted-foreground">—</span>;
  return (
    <time dateTime={date.toISOString()} suppressHydrationWarning>
      {formatDateTime(date)}
    </time>
  );
}

/** How long a job ran, ticking every second while it is active (server and browser clocks differ: no warning). */
export function JobDuration({ job }: { job: Parameters<typeof durationSeconds>[0] }) {
  const now = useNow(isActiveStatus(job.status) ? 1000 : 60_000);
  return <span suppressHydrationWarning>{formatDuration(durationSeconds(job, now))}</span>;
}
