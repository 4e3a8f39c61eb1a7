"use client";
import { useQuery } from "@tanstack/react-query";
import { formatDuration, shortId } from "@/lib/format";
import { durationSeconds, isActiveStatus, RECENT_JOBS } from "@/lib/job-status";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import { JOB, type JobStatus } from "@weft/job-model";

const SLOTS = RECENT_JOBS;

/** Colour AND height tell statuses apart (never colour alone); failures are also striped. */
function lookOf(status: JobStatus): string {
  switch (status) {
    case JOB.CREATED:
      return "h-3 bg-muted-foreground/40";
    case JOB.PENDING:
      return "h-3 bg-muted-foreground/60";
    case JOB.RUNNING:
      return "h-5 bg-info animate-pulse motion-reduce:animate-none";
    case JOB.CANCELLING:
      return "h-4 bg-warning animate-pulse motion-reduce:animate-none";
    case JOB.COMPLETED:
      return "h-6 bg-success";
    case JOB.FAILED:
      return "h-6 bg-destructive bg-[repeating-linear-gradient(135deg,transparent_0_3px,rgb(255_255_255/0.45)_3px_5px)]";
    case JOB.CANCELLED:
      return "h-3.5 bg-warning";
  }
}

/** The connection's last ten jobs, oldest on the left: one image whose label lists them; each bar has a tooltip. */
export function RecentJobsBar({ connectionId }: { connectionId: string }) {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.jobs.list.queryOptions({ sourceConnectionId: connectionId, limit: SLOTS }));
  const jobs = [...(data?.items ?? [])].reverse();
  const empty = Math.max(0, SLOTS - jobs.length);
  const labels = jobs.map((job) => {
    const duration = isActiveStatus(job.status) ? null : durationSeconds(job); // no clock in labels: same on server and browser
    return `Job ${shortId(job.id)}: ${job.status}${duration === null ? "" : `, took ${formatDuration(duration)}`}`;
  });
  const summary = jobs.length
    ? `Last ${jobs.length} job${jobs.length === 1 ? "" : "s"}, oldest first: ${labels.join("; ")}`
    : "No jobs yet";
  return (
    <div className="flex items-end gap-2 md:justify-end">
      <div role="img" aria-label={summary} className="flex h-6 items-end gap-1">
        {Array.from({ length: empty }, (_, i) => (
          <span key={`empty-${i}`} className="block h-1.5 w-2.5 rounded-sm bg-muted" />
        ))}
        {jobs.map((job, i) => (
          <span key={job.id} title={labels[i]} className={cn("block w-2.5 rounded-sm", lookOf(job.status))} />
        ))}
      </div>
    </div>
  );
}
