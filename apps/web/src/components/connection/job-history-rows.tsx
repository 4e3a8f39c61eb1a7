"use client";
import Link from "next/link";
import { JobDuration, RelativeTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatNumber, shortId } from "@/lib/format";
import { COUNTERS, triggerOf } from "@/lib/job-status";
import { cn } from "@/lib/utils";
import type { Job } from "@/trpc/types";

function JobLink({ job }: { job: Job }) {
  return (
    <Link href={`/jobs/${job.id}`} className="rounded-sm font-mono text-xs underline-offset-2 hover:underline">
      {shortId(job.id)}
    </Link>
  );
}

/** One row per job; below 768 px each row is a stacked card (counts that are 0 left out there). */
export function JobHistoryTable({ jobs }: { jobs: Job[] }) {
  return (
    <div className="md:overflow-hidden md:rounded-lg md:border md:bg-card md:shadow-sm">
      <Table stacked>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Status</TableHead>
            <TableHead>Job</TableHead>
            <TableHead>Trigger</TableHead>
            <TableHead>Started</TableHead>
            <TableHead>Duration</TableHead>
            {COUNTERS.map((c) => (
              <TableHead key={c.key} className="text-right">
                {c.label}
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {jobs.map((job) => (
            <TableRow key={job.id}>
              <TableCell data-label="Status">
                <StatusBadge status={job.status} />
              </TableCell>
              <TableCell data-label="Job">
                <JobLink job={job} />
              </TableCell>
              <TableCell data-label="Trigger">{triggerOf(job)}</TableCell>
              <TableCell data-label="Started">
                <RelativeTime date={job.startedAt} fallback="Not started" />
              </TableCell>
              <TableCell data-label="Duration" className="tabular-nums">
                <JobDuration job={job} />
              </TableCell>
              {COUNTERS.map((c) => (
                <TableCell
                  key={c.key}
                  data-label={c.label}
                  className={cn(
                    "text-right tabular-nums",
                    job[c.key] === 0 && "group-data-[stacked]/table:max-md:hidden",
                  )}
                >
                  {formatNumber(job[c.key])}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
