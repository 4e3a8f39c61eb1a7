"use client";
import Link from "next/link";
import { useNow } from "@/components/relative-time";
import { Sparkline } from "@/components/sparkline";
import { StatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { formatDuration, formatNumber, shortId } from "@/lib/format";
import { durationSeconds, isActiveStatus, triggerOf } from "@/lib/job-status";
import type { Job } from "@/trpc/types";
import { EntityTypes } from "./entity-types";
import { JobCounters } from "./job-counters";
import { processed, type Sample, type Snapshot } from "./use-job-progress";
import { JOB } from "@weft/job-model";

/** Entities per second between consecutive samples (what the sparkline draws). */
function rates(samples: Sample[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    if (a && b && b.at > a.at) out.push(Math.max(0, ((b.processed - a.processed) * 1000) / (b.at - a.at)));
  }
  return out;
}

/** null = indeterminate: waiting, or running without a known total. An ended job's bar stays still. */
function barValueFor(status: Snapshot["status"], count: number, total: number | null): number | null {
  if (status === JOB.PENDING) return null;
  if (status === JOB.RUNNING || status === JOB.CANCELLING) return total ? count : null;
  if (status === JOB.COMPLETED) return count;
  return total ? count : 0;
}

type Props = {
  job: Job;
  snapshot: Snapshot;
  samples: Sample[];
  title: string;
  headingId: string;
  linkToJob?: boolean;
  showError?: boolean;
};

/** A job's progress: status, bar (determinate when the source announced a total), counters, rate and entity types. */
export function JobProgressView({ job, snapshot, samples, title, headingId, linkToJob, showError = true }: Props) {
  const active = isActiveStatus(snapshot.status);
  const now = useNow(active ? 1000 : 60_000);
  const count = processed(snapshot);
  const elapsed = durationSeconds({ ...job, status: snapshot.status }, now);
  const series = rates(samples);
  const average = elapsed && elapsed > 0 ? count / elapsed : null;
  const total = snapshot.expectedTotal ?? (snapshot.status === JOB.COMPLETED ? count : null);
  const barValue = barValueFor(snapshot.status, count, total);
  const caption =
    snapshot.status === JOB.PENDING
      ? "Waiting for a worker…"
      : total
        ? `${formatNumber(count)} of ${formatNumber(total)} entities (${Math.min(100, Math.round((count / Math.max(total, 1)) * 100))}%)`
        : `${formatNumber(count)} entities processed${active ? " so far" : ""}`;

  return (
    <Card>
      <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id={headingId} className="text-base font-semibold">
            {title}
          </h2>
          <StatusBadge status={snapshot.status} />
        </div>
        <div className="flex flex-wrap items-center gap-x-3 text-sm text-muted-foreground">
          <span>{triggerOf(job)}</span>
          {job.forceFullSync ? <Badge>full sync</Badge> : null}
          {linkToJob ? (
            <Link
              href={`/jobs/${job.id}`}
              className="rounded-sm font-mono text-foreground underline-offset-2 hover:underline"
            >
              Job {shortId(job.id)}
            </Link>
          ) : null}
        </div>
      </CardHeader>
      <CardContent className="space-y-4">
        <div className="space-y-1.5">
          <Progress
            value={barValue}
            max={total ?? Math.max(count, 1)}
            label={`Progress of job ${shortId(job.id)}`}
            valueText={caption}
            className={!active && snapshot.status !== JOB.COMPLETED ? "opacity-60" : undefined}
          />
          <p className="text-sm text-muted-foreground">{caption}</p>
        </div>
        <JobCounters snapshot={snapshot} idPrefix={`counter-${job.id}`} />
        <div className="flex flex-wrap items-end justify-between gap-4 text-sm">
          <dl className="grid grid-cols-3 gap-x-6 gap-y-1">
            <dt className="text-xs text-muted-foreground">Elapsed</dt>
            <dt className="text-xs text-muted-foreground">Throughput</dt>
            <dt className="text-xs text-muted-foreground">Average</dt>
            <dd className="tabular-nums" suppressHydrationWarning>
              {formatDuration(elapsed)}
            </dd>
            <dd className="tabular-nums">
              {series.length ? `${formatNumber(Math.round(series.at(-1) ?? 0))}/s` : "—"}
            </dd>
            <dd className="tabular-nums" suppressHydrationWarning>
              {average === null ? "—" : `${formatNumber(Math.round(average))}/s`}
            </dd>
          </dl>
          {series.length || active ? (
            <Sparkline
              values={series}
              label={
                series.length
                  ? `Throughput over the run, up to ${formatNumber(Math.round(Math.max(...series)))} entities per second`
                  : "Throughput chart (fills in while the job runs)"
              }
              className="h-9 w-40"
            />
          ) : null}
        </div>
        {showError && snapshot.error ? (
          <p
            role="alert"
            className="rounded-md border border-destructive/40 bg-destructive/10 p-3 text-sm text-destructive"
          >
            {snapshot.error}
          </p>
        ) : null}
        <EntityTypes encountered={snapshot.encountered} />
      </CardContent>
    </Card>
  );
}
