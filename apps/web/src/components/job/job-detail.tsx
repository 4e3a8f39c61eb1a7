"use client";
import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { ChevronRight } from "lucide-react";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { shortId } from "@/lib/format";
import { processedFromPayload } from "@/lib/job-status";
import { useTRPC } from "@/trpc/react";
import { CurlExample } from "./curl-example";
import { JobError } from "./job-error";
import { JobFields } from "./job-fields";
import { JobProgressView } from "./job-progress-view";
import { JobTimeline } from "./job-timeline";
import { useJobProgress } from "./use-job-progress";

/** /jobs/[id]: live progress, every field, the error in full, the event log and the REST call that reads this job. */
export function JobDetail({ id, origin }: { id: string; origin: string }) {
  const trpc = useTRPC();
  const { data: job } = useSuspenseQuery(trpc.jobs.get.queryOptions({ jobId: id }));
  const { data: connection } = useQuery(trpc.sourceConnections.get.queryOptions({ id: job.sourceConnectionId }));
  const { data: log } = useSuspenseQuery(trpc.jobs.events.queryOptions({ jobId: id }));
  const { snapshot, samples: live, events } = useJobProgress(job);
  // The throughput chart covers the whole run: samples from the stored log, then those that arrived live.
  const stored = log.map((e) => ({
    at: new Date(e.createdAt).getTime(),
    processed: processedFromPayload((e.payload ?? {}) as Record<string, unknown>),
  }));
  const lastStored = stored.at(-1)?.at ?? 0;
  const step = Math.max(1, Math.ceil(stored.length / 120));
  const samples = [
    ...stored.filter((_, i) => i % step === 0 || i === stored.length - 1),
    ...live.filter((s) => s.at > lastStored),
  ];

  return (
    <>
      <PageHeader title={`Job ${shortId(job.id)}`}>
        <nav aria-label="Breadcrumb" className="flex flex-wrap items-center gap-1 text-sm text-muted-foreground">
          <Link href="/" className="rounded-sm hover:text-foreground hover:underline">
            Overview
          </Link>
          <ChevronRight aria-hidden className="size-3.5" />
          <Link
            href={`/connections/${job.sourceConnectionId}`}
            className="rounded-sm hover:text-foreground hover:underline"
          >
            {connection?.name ?? job.syncName}
          </Link>
        </nav>
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0 space-y-6">
          <section aria-labelledby="job-progress-heading">
            <JobProgressView
              job={job}
              snapshot={snapshot}
              samples={samples}
              title="Progress"
              headingId="job-progress-heading"
              showError={false}
            />
          </section>
          <JobError job={job} />
          <JobTimeline jobId={job.id} live={events} />
        </div>
        <div className="min-w-0 space-y-6">
          <CurlExample origin={origin} jobId={job.id} />
          <JobFields job={job} />
        </div>
      </div>
    </>
  );
}
