// The API commands. Each prints text for a person, or JSON with --json; `follow` resolves with the exit code.
import { call, type Api } from "./api";
import { fields, table } from "./output";
import { createRenderer } from "./progress";
import { followJob } from "./stream";
import type { ConnectionItem, ConnectionJob, EndStatus, JobDetail } from "./types";
import { JOB, PUBLIC_STATUS } from "@weft/job-model";

export type Options = { json: boolean };

/** Exit codes of a followed job: 0 COMPLETED, 1 FAILED, 3 CANCELLED (2 is a usage error, 130 Ctrl-C). */
const EXIT_CODES: Record<EndStatus, number> = { completed: 0, failed: 1, cancelled: 3 };

const print = (text: string): void => void process.stdout.write(`${text}\n`);
// One JSON value per line, so `run --follow --json` is NDJSON: the job, each progress frame, the final job.
const printJson = (value: unknown) => print(JSON.stringify(value));
const id = (value: string) => encodeURIComponent(value);

export async function listConnections(api: Api, o: Options): Promise<void> {
  const items = await call<ConnectionItem[]>(api, "GET", "/v1/source-connections?limit=1000");
  if (o.json) return printJson(items);
  print(
    table(
      ["ID", "NAME", "SOURCE", "COLLECTION", "STATUS", "ENTITIES"],
      items.map((c) => [c.id, c.name, c.short_name, c.readable_collection_id, c.status, c.entity_count]),
    ),
  );
}

export async function listJobs(api: Api, connectionId: string, limit: number, o: Options): Promise<void> {
  const jobs = await call<ConnectionJob[]>(
    api,
    "GET",
    `/v1/source-connections/${id(connectionId)}/jobs?limit=${limit}`,
  );
  if (o.json) return printJson(jobs);
  print(
    table(
      [
        "ID",
        "STATUS",
        "STARTED",
        "DURATION",
        ...["inserted", "updated", "deleted", "failed"].map((counter) => counter.toUpperCase()),
        "ERROR",
      ],
      jobs.map((j) => [
        j.id,
        j.status,
        j.started_at,
        j.duration_seconds === null ? null : `${j.duration_seconds.toFixed(1)}s`,
        j.entities_inserted,
        j.entities_updated,
        j.entities_deleted,
        j.entities_failed,
        j.error,
      ]),
    ),
  );
}

function getJob(api: Api, jobId: string): Promise<JobDetail> {
  return call<JobDetail>(api, "GET", `/v1/sync/jobs/${id(jobId)}`);
}

export async function showJob(api: Api, jobId: string, o: Options): Promise<void> {
  const job = await getJob(api, jobId);
  if (o.json) return printJson(job);
  print(fields({ ...job }));
}

export async function runConnection(api: Api, connectionId: string, full: boolean, o: Options): Promise<ConnectionJob> {
  const job = await call<ConnectionJob>(
    api,
    "POST",
    `/v1/source-connections/${id(connectionId)}/run${full ? "?force_full_sync=true" : ""}`,
  );
  if (o.json) printJson(job);
  else process.stderr.write(`Started job ${job.id} (${job.status}).\n`);
  return job;
}

export async function cancelJob(api: Api, jobId: string, o: Options): Promise<void> {
  const { source_connection_id } = await getJob(api, jobId);
  const job = await call<ConnectionJob>(
    api,
    "POST",
    `/v1/source-connections/${id(source_connection_id)}/jobs/${id(jobId)}/cancel`,
  );
  if (o.json) return printJson(job);
  print(
    job.status === JOB.CANCELLED
      ? `Job ${jobId} cancelled.`
      : `Job ${jobId} is ${job.status}: its worker stops it between batches.`,
  );
}

/** Follows until the job ends; prints the outcome (the error of a FAILED job on stderr) and returns the exit code. */
/** `onRenderer` receives the renderer's stop, so Ctrl-C can give the terminal back (cursor, line wrap) first. */
export async function follow(
  api: Api,
  jobId: string,
  o: Options,
  signal: AbortSignal,
  onRenderer: (stop: () => void) => void,
): Promise<number> {
  const start = await getJob(api, jobId);
  const startedAt = start.started_at ? Date.parse(start.started_at) : Date.now();
  const renderer = createRenderer(o.json ? "json" : process.stdout.isTTY ? "tty" : "lines", startedAt);
  onRenderer(() => renderer.stop());
  try {
    const status = await followJob(
      api,
      jobId,
      {
        onProgress: (f) => renderer.update(f),
        onReconnect: (why) => renderer.note(`Stream interrupted (${why}): resuming…`),
      },
      signal,
    );
    renderer.stop();
    const job = await getJob(api, jobId);
    if (o.json) printJson(job);
    else {
      const counts = `${job.entities_inserted} inserted, ${job.entities_updated} updated, ${job.entities_deleted} deleted, ${job.entities_kept} kept, ${job.entities_skipped} skipped, ${job.entities_failed} failed`;
      const took = job.duration_seconds === null ? "" : ` in ${job.duration_seconds.toFixed(1)} s`;
      print(`Job ${jobId} ${status.toUpperCase()}${took}: ${counts}.`);
    }
    if (status === PUBLIC_STATUS.FAILED)
      process.stderr.write(`Error${job.error_category ? ` (${job.error_category})` : ""}: ${job.error ?? "unknown"}\n`);
    return EXIT_CODES[status];
  } catch (error) {
    renderer.stop();
    throw error;
  }
}
