"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import { isWorking } from "@weft/job-model";
import { Layers, PlugZap } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { buttonVariants } from "@/components/ui/button";
import { useTRPC } from "@/trpc/react";
import { ConnectionRow } from "./connection-row";

/** Collections with their connections; live through the layout's activity subscription. */
export function Overview() {
  const trpc = useTRPC();
  const { data: connections } = useSuspenseQuery(trpc.sourceConnections.list.queryOptions({}));
  const { data: collections } = useSuspenseQuery(trpc.collections.list.queryOptions({}));
  const { data: sources } = useSuspenseQuery(trpc.sources.list.queryOptions());
  const sourceName = new Map(sources.map((s) => [s.shortName, s.name]));
  // Syncing now: a worker has the last job, and the schedule is not paused (as the REST status "syncing" counts it).
  const running = connections.filter((c) => c.sync?.status !== "paused" && isWorking(c.lastJob?.status)).length;

  if (connections.length === 0) {
    return (
      <>
        <PageHeader title="Overview" />
        <EmptyState icon={<PlugZap />} title="No connections yet">
          <p>
            A connection reads a source (a stub generator, a folder, a PostgreSQL database) into a collection, on demand
            or on a schedule.
          </p>
          <Link href="/connections/new" className={buttonVariants({ className: "mt-4" })}>
            Create your first connection
          </Link>
        </EmptyState>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Overview"
        description={`${connections.length} connection${connections.length === 1 ? "" : "s"} in ${collections.length} collection${collections.length === 1 ? "" : "s"}${running ? `, ${running} syncing now` : ""}.`}
      />
      <div className="space-y-8">
        {collections.map((collection) => {
          const members = connections.filter((c) => c.readableCollectionId === collection.readableId);
          return (
            <section key={collection.id} aria-labelledby={`collection-${collection.id}`} className="space-y-3">
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <h2 id={`collection-${collection.id}`} className="flex items-center gap-2 text-lg font-semibold">
                  <Layers aria-hidden className="size-4 text-muted-foreground" />
                  {collection.name}
                </h2>
                <code className="text-xs text-muted-foreground">{collection.readableId}</code>
              </div>
              {members.length ? (
                <ul className="divide-y overflow-hidden rounded-lg border bg-card shadow-sm">
                  {members.map((connection) => (
                    <ConnectionRow
                      key={connection.id}
                      connection={connection}
                      sourceName={sourceName.get(connection.shortName) ?? connection.shortName}
                    />
                  ))}
                </ul>
              ) : (
                <p className="rounded-lg border border-dashed px-4 py-3 text-sm text-muted-foreground">
                  No connections in this collection yet.
                </p>
              )}
            </section>
          );
        })}
      </div>
    </>
  );
}
