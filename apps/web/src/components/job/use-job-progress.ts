"use client";
// A job's live state: its stored row until the jobProgress subscription (tRPC SSE) delivers events, then the newest
// event's cumulative counts. Also a throughput series for the sparkline and the events received live.
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { isActiveStatus } from "@/lib/job-status";
import { useTRPC } from "@/trpc/react";
import type { Job, JobStatus, RouterOutputs } from "@/trpc/types";

type JobEvent = RouterOutputs["subscriptions"]["jobProgress"] extends AsyncIterable<infer E> ? E : never;
export type LiveEvent = JobEvent extends { data: infer D } ? D : JobEvent;

export type Snapshot = {
  status: JobStatus;
  entitiesInserted: number;
  entitiesUpdated: number;
  entitiesKept: number;
  entitiesDeleted: number;
  entitiesSkipped: number;
  entitiesFailed: number;
  encountered: Record<string, number>;
  expectedTotal: number | null;
  error: string | null;
};

export type Sample = { at: number; processed: number };

function fromJob(job: Job): Snapshot {
  const encountered =
    job.entitiesEncountered && typeof job.entitiesEncountered === "object"
      ? (job.entitiesEncountered as Record<string, number>)
      : {};
  return { ...job, encountered, expectedTotal: null, error: job.error };
}

function fromEvent(event: LiveEvent, previous: Snapshot): Snapshot {
  return {
    status: event.status,
    entitiesInserted: event.entities_inserted,
    entitiesUpdated: event.entities_updated,
    entitiesKept: event.entities_kept,
    entitiesDeleted: event.entities_deleted,
    entitiesSkipped: event.entities_skipped,
    entitiesFailed: event.entities_failed,
    encountered: event.entities_encountered,
    expectedTotal: event.expected_total ?? previous.expectedTotal,
    error: event.error,
  };
}

export function processed(s: Snapshot): number {
  return (
    s.entitiesInserted + s.entitiesUpdated + s.entitiesKept + s.entitiesDeleted + s.entitiesSkipped + s.entitiesFailed
  );
}

export function useJobProgress(job: Job) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [live, setLive] = useState<{ snapshot: Snapshot; events: LiveEvent[]; samples: Sample[] } | null>(null);
  const stored = fromJob(job);
  // Once the stored row has reached an end state it is the final word; before that the newest event is.
  const snapshot = live && isActiveStatus(job.status) ? live.snapshot : stored;
  const subscribed = isActiveStatus(job.status) && !(live && !isActiveStatus(live.snapshot.status));

  const subscription = useSubscription(
    trpc.subscriptions.jobProgress.subscriptionOptions(
      { jobId: job.id },
      {
        enabled: subscribed,
        onData(envelope) {
          const event = "data" in envelope ? envelope.data : envelope;
          setLive((prev) => {
            const next = fromEvent(event, prev?.snapshot ?? stored);
            const sample = { at: new Date(event.createdAt).getTime(), processed: processed(next) };
            return {
              snapshot: next,
              events: [...(prev?.events ?? []), event].slice(-500),
              samples: [...(prev?.samples ?? []), sample].slice(-120),
            };
          });
          if (!isActiveStatus(event.status) || event.type === "status") {
            void queryClient.invalidateQueries({ queryKey: trpc.jobs.get.queryKey({ jobId: job.id }) });
            void queryClient.invalidateQueries({
              queryKey: trpc.sourceConnections.get.queryKey({ id: job.sourceConnectionId }),
            });
          }
        },
      },
    ),
  );

  return {
    snapshot,
    samples: live?.samples ?? [],
    events: live?.events ?? [],
    connection: subscribed ? subscription.status : "idle",
  };
}
