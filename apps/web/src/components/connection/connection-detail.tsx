"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import { ChevronRight, Pencil } from "lucide-react";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { formatNumber } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { JobPanel } from "@/components/job/job-panel";
import { ConnectionFacts } from "./connection-facts";
import { JobHistory } from "./job-history";
import { RunControls } from "./run-controls";

/** /connections/[id]: controls, the latest job live, facts about the connection, and its job history. */
export function ConnectionDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const { data: connection } = useSuspenseQuery(trpc.sourceConnections.get.queryOptions({ id }));
  const { data: sources } = useSuspenseQuery(trpc.sources.list.queryOptions());
  const source = sources.find((s) => s.shortName === connection.shortName);
  const lastJob = connection.lastJob;

  return (
    <>
      <PageHeader
        title={connection.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone="primary">{source?.name ?? connection.shortName}</Badge>
            <span>{formatNumber(connection.entities.total)} entities stored</span>
            {connection.description ? <span>· {connection.description}</span> : null}
          </span>
        }
        actions={
          <RunControls connection={connection}>
            <Link href={`/connections/${id}/edit`} className={buttonVariants({ variant: "ghost", size: "sm" })}>
              <Pencil aria-hidden />
              Edit
            </Link>
          </RunControls>
        }
      >
        <nav aria-label="Breadcrumb" className="flex items-center gap-1 text-sm text-muted-foreground">
          <Link href="/" className="rounded-sm hover:text-foreground hover:underline">
            Overview
          </Link>
          <ChevronRight aria-hidden className="size-3.5" />
          <span>{connection.readableCollectionId}</span>
        </nav>
      </PageHeader>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <section aria-labelledby="latest-job-heading" className="min-w-0">
          {lastJob ? (
            <JobPanel key={lastJob.id} job={lastJob} headingId="latest-job-heading" title="Latest job" />
          ) : (
            <div className="rounded-lg border border-dashed p-6 text-sm text-muted-foreground">
              <h2 id="latest-job-heading" className="mb-1 text-base font-semibold text-foreground">
                Latest job
              </h2>
              This connection has not run yet. Press Run to start its first sync.
            </div>
          )}
        </section>
        <ConnectionFacts connection={connection} />
      </div>

      <JobHistory connectionId={id} />
    </>
  );
}
