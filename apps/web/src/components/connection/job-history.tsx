"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { History } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { JOB_PAGE_SIZE, JOB_STATUSES } from "@/lib/job-status";
import { useTRPC } from "@/trpc/react";
import type { JobStatus } from "@/trpc/types";
import { JobHistoryTable } from "./job-history-rows";

/** The connection's jobs, newest first, filterable by status, paged with "Load more" (cursor = last job id). */
export function JobHistory({ connectionId }: { connectionId: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<JobStatus | "">("");
  const input = { sourceConnectionId: connectionId, limit: JOB_PAGE_SIZE, ...(status ? { status } : {}) };
  const query = useInfiniteQuery(
    trpc.jobs.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor }),
  );
  const jobs = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-labelledby="job-history-heading" className="mt-8 space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="job-history-heading" className="flex items-center gap-2 text-lg font-semibold">
          <History aria-hidden className="size-4 text-muted-foreground" />
          Job history
        </h2>
        <div className="flex items-center gap-2">
          <Label htmlFor="job-status-filter" className="text-muted-foreground">
            Status
          </Label>
          <NativeSelect
            id="job-status-filter"
            value={status}
            onChange={(e) => setStatus(e.target.value as JobStatus | "")}
            className="w-40"
          >
            <option value="">All statuses</option>
            {JOB_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </NativeSelect>
        </div>
      </div>
      {query.isPending ? (
        <p className="text-sm text-muted-foreground">Loading jobs…</p>
      ) : query.isError ? (
        <p role="alert" className="text-sm text-destructive">
          Could not load jobs: {query.error.message}
        </p>
      ) : jobs.length === 0 ? (
        <p className="rounded-lg border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">
          {status ? `No ${status} jobs.` : "No jobs yet."}
        </p>
      ) : (
        <JobHistoryTable jobs={jobs} />
      )}
      {query.hasNextPage ? (
        <div className="flex justify-center">
          <Button variant="outline" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
