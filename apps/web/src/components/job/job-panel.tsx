"use client";
import type { Job } from "@/trpc/types";
import { JobProgressView } from "./job-progress-view";
import { useJobProgress } from "./use-job-progress";

/** The latest job of a connection, live while it is active. */
export function JobPanel({ job, title, headingId }: { job: Job; title: string; headingId: string }) {
  const { snapshot, samples } = useJobProgress(job);
  return (
    <JobProgressView job={job} snapshot={snapshot} samples={samples} title={title} headingId={headingId} linkToJob />
  );
}
