// `pnpm bench:sync --embedded [--entities N]`: the built web app (`next start`) on a fresh embedded PGlite directory,
// a stub connection of N entities synced twice (first run: all inserted; re-run: all kept), then a cancel. While each
// job runs: GET /v1/sync/jobs/{id} every 250 ms through the real HTTP server (latency p50/p99/max), an SSE subscriber
// (largest gap between frames) and the server's RSS (peak). Prints figures; asserts nothing.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { startBuiltWeb, type BuiltWeb } from "@weft/web/testing";
import { percentile, rate, seconds } from "./stats";
import { PeakMemory, describeSplit, memorySplit } from "./memory-split";
import { PUBLIC_STATUS } from "@weft/job-model";
import { env } from "@weft/config";
import { callV1 as api } from "./v1";

type JobView = {
  id: string;
  status: string;
  started_at: string | null;
  completed_at: string | null;
  entities_inserted: number;
  entities_kept: number;
};
const END = new Set<string>([PUBLIC_STATUS.COMPLETED, PUBLIC_STATUS.FAILED, PUBLIC_STATUS.CANCELLED]);

/** Reads SSE frames until the stream closes; returns the largest gap between two frames (ms). */
async function watchFrames(web: BuiltWeb, key: string, jobId: string): Promise<{ frames: number; maxGapMs: number }> {
  const res = await fetch(`${web.url}/v1/sync/job/${jobId}/subscribe`, { headers: { "x-api-key": key } });
  if (!res.body) throw new Error("no SSE body");
  let frames = 0;
  let last = Date.now();
  let maxGapMs = 0;
  const decoder = new TextDecoder();
  for await (const chunk of res.body) {
    const count = decoder.decode(chunk).split("\n\n").length - 1;
    if (count === 0) continue;
    const now = Date.now();
    if (frames > 1) maxGapMs = Math.max(maxGapMs, now - last); // from the first progress frame on
    last = now;
    frames += count;
  }
  return { frames, maxGapMs };
}

function latencyText(latencies: number[]): string {
  return (
    `GET p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, ` +
    `max ${Math.max(...latencies).toFixed(0)} ms (${latencies.length} requests)`
  );
}

/** The same GET on the idle server, every 250 ms: the floor this machine's load sets for the figures during a job. */
async function idleBaseline(web: BuiltWeb, key: string, jobPath: string): Promise<string> {
  const latencies: number[] = [];
  for (let i = 0; i < 40; i++) {
    const sent = performance.now();
    await api(web, key, "GET", jobPath);
    latencies.push(performance.now() - sent);
    await new Promise((r) => setTimeout(r, 250));
  }
  return `${latencyText(latencies)}; ${describeSplit(await memorySplit(web.pid, web.url))}`;
}

/** Polls the job every 250 ms until it ends, recording each request's latency and the server's RSS. */
async function pollJob(web: BuiltWeb, key: string, jobId: string, pid: number) {
  const latencies: number[] = [];
  const memory = new PeakMemory();
  for (;;) {
    const sent = performance.now();
    const job = await api<JobView>(web, key, "GET", `/sync/jobs/${jobId}`);
    latencies.push(performance.now() - sent);
    await memory.sample(pid, web.url);
    if (END.has(job.status)) return { job, latencies, memory };
    await new Promise((r) => setTimeout(r, Math.max(0, 250 - (performance.now() - sent))));
  }
}

function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(1))
    .join(" ");
}

export async function benchEmbedded(entities: number): Promise<void> {
  const web = await startBuiltWeb({
    env: {
      WEFT_LOG_LEVEL: "warn",
      ...(env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: env.BENCH_NODE_OPTIONS } : {}),
      // To compare batch sizes in one sitting: the server's default is PGlite's (see syncBatchSize).
      ...(env.WEFT_SYNC_BATCH_SIZE ? { WEFT_SYNC_BATCH_SIZE: String(env.WEFT_SYNC_BATCH_SIZE) } : {}),
    },
    timeoutMs: 120_000,
  });
  try {
    const key = web.demoKey;
    if (!key) throw new Error("no demo key in the banner");
    const [collection] = await api<{ readable_id: string }[]>(web, key, "GET", "/collections");
    if (!collection) throw new Error("no demo collection");
    const conn = await api<{ id: string }>(web, key, "POST", "/source-connections", {
      short_name: "stub",
      name: "bench",
      readable_collection_id: collection.readable_id,
      config: { entity_count: entities, seed: 1 },
      sync_immediately: false,
    });
    console.log(
      `Embedded PGlite (${web.dataDir}), stub of ${entities.toLocaleString("en-US")} entities, server pid ${web.pid}`,
    );
    console.log(`  idle before the first job: ${describeSplit(await memorySplit(web.pid, web.url))}`);
    let firstJobId = "";
    for (const label of ["first run", "re-run   "]) {
      const sent = performance.now();
      const started = await api<JobView>(web, key, "POST", `/source-connections/${conn.id}/run`);
      firstJobId ||= started.id;
      const runMs = performance.now() - sent;
      const sse = watchFrames(web, key, started.id);
      const { job, latencies, memory } = await pollJob(web, key, started.id, web.pid);
      latencies.unshift(runMs); // the POST that started the job counts as one request
      const frames = await sse;
      const ms = job.started_at && job.completed_at ? Date.parse(job.completed_at) - Date.parse(job.started_at) : NaN;
      console.log(
        `  ${label}: ${job.status}, inserted ${job.entities_inserted}, kept ${job.entities_kept}: ${seconds(ms)}, ${rate(entities, ms)}; ` +
          `${latencyText(latencies)}; SSE ${frames.frames} frames, max gap ${frames.maxGapMs} ms; ${memory.describe()}; load ${loadAverage()}`,
      );
    }
    const job = await api<JobView>(web, key, "POST", `/source-connections/${conn.id}/run`);
    await new Promise((r) => setTimeout(r, 1000));
    const cancelAt = performance.now();
    const cancelled = await api(web, key, "POST", `/source-connections/${conn.id}/jobs/${job.id}/cancel`).then(
      () => true,
      () => false,
    );
    const { job: ended } = await pollJob(web, key, job.id, web.pid);
    const took = (performance.now() - cancelAt).toFixed(0);
    console.log(
      `  cancel 1 s into a third run: ${cancelled ? `${ended.status} ${took} ms after the request` : `not sent, the job had ended (${ended.status})`}`,
    );
    console.log(
      `  idle afterwards (baseline): ${await idleBaseline(web, key, `/sync/jobs/${firstJobId}`)}; load ${loadAverage()}`,
    );
    console.log(
      `  server peak RSS over the whole run (VmHWM): ${(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${web.pid}/status`, "utf8"))?.[1] ?? 0) / 1024).toFixed(0)} MB`,
    );
  } finally {
    await web.stop();
  }
}
