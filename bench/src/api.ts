// `pnpm bench:api [--seconds N] [--connections N] [--json]` (needs DATABASE_URL): the built web app (`next start`) on
// a scratch PostgreSQL database, one completed job, then a fixed-duration keep-alive load on GET job detail, GET the
// connection's job list and, as the baseline of the same server in the same run, GET /api/health. Prints req/s,
// p50/p99 and the ratio to /api/health; `--json` adds one JSON object as the last line. Asserts nothing.
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { env } from "@weft/config";
import { createScratchPostgres } from "@weft/db/testing";
import { PUBLIC_STATUS } from "@weft/job-model";
import { startBuiltWeb, type BuiltWeb } from "@weft/web/testing";
import { describeLoad, load, type LoadResult } from "./load";
import { callV1 as call } from "./v1";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "20" },
    "warmup-seconds": { type: "string", default: "3" },
    json: { type: "boolean", default: false },
    /** e.g. `--only job` to profile one route (no ratio without health). */
    only: { type: "string" },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const warmupSeconds = Number(values["warmup-seconds"]);
if (!env.DATABASE_URL) {
  console.error(
    "bench:api measures PostgreSQL: set DATABASE_URL (a scratch database is created beside it and dropped).",
  );
  process.exit(2);
}

/** A stub connection with one completed job: what the GETs read. */
async function completedJob(web: BuiltWeb, key: string): Promise<{ jobId: string; connectionId: string }> {
  const [collection] = await call<{ readable_id: string }[]>(web, key, "GET", "/collections");
  if (!collection) throw new Error("no demo collection");
  const connection = await call<{ id: string }>(web, key, "POST", "/source-connections", {
    short_name: "stub",
    name: "bench-api",
    readable_collection_id: collection.readable_id,
    config: { entity_count: 100, seed: 1 },
    sync_immediately: false,
  });
  const job = await call<{ id: string }>(web, key, "POST", `/source-connections/${connection.id}/run`);
  for (;;) {
    const detail = await call<{ status: string }>(web, key, "GET", `/sync/jobs/${job.id}`);
    if (detail.status === PUBLIC_STATUS.COMPLETED) return { jobId: job.id, connectionId: connection.id };
    if (detail.status === PUBLIC_STATUS.FAILED || detail.status === PUBLIC_STATUS.CANCELLED)
      throw new Error(`the job ended ${detail.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const loadBefore = loadavg();
const scratch = await createScratchPostgres(env.DATABASE_URL, "bench_api");
const web = await startBuiltWeb({
  env: {
    DATABASE_URL: scratch.url,
    WEFT_LOG_LEVEL: "warn", // no access line per request: the output is held in memory by the bench
    ...(env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: env.BENCH_NODE_OPTIONS } : {}),
  },
  timeoutMs: 120_000,
}).catch(async (error: unknown) => {
  await scratch.drop(); // nothing else to clean up: the server never started
  throw error;
});
try {
  const key = web.demoKey;
  if (!key) throw new Error("no demo key in the banner");
  const { jobId, connectionId } = await completedJob(web, key);
  const headers = { "x-api-key": key };
  const targets = [
    { name: "health", label: "GET /api/health (baseline)", url: `${web.url}/api/health`, headers: {} },
    { name: "job", label: "GET /v1/sync/jobs/{id}", url: `${web.url}/v1/sync/jobs/${jobId}`, headers },
    {
      name: "list_jobs",
      label: "GET /v1/source-connections/{id}/jobs",
      url: `${web.url}/v1/source-connections/${connectionId}/jobs`,
      headers,
    },
  ].filter((target) => !values.only || values.only.split(",").includes(target.name));
  for (const target of targets)
    await load(target.url, { connections, seconds: warmupSeconds, serverPid: web.pid, headers: target.headers });

  console.log(
    `API hot path on PostgreSQL, built server pid ${web.pid}, ${connections} connections, ${seconds} s each` +
      ` (after ${warmupSeconds} s warm-up each); load average before: ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`,
  );
  const results: Record<string, LoadResult> = {};
  for (const target of targets) {
    const result = await load(target.url, { connections, seconds, serverPid: web.pid, headers: target.headers });
    results[target.name] = result;
    console.log(describeLoad(target.label, result, target.name === "health" ? undefined : results.health));
  }
  const loadAfter = loadavg();
  console.log(
    `  goal: ≥ 0.80× health, p99 ≤ 50 ms; load average after: ${loadAfter.map((l) => l.toFixed(2)).join(" ")}`,
  );
  if (values.json) {
    const health = results.health?.requests_per_second ?? NaN;
    console.log(
      JSON.stringify({
        bench: "api",
        connections,
        seconds,
        ...results,
        job_ratio: Number(((results.job?.requests_per_second ?? NaN) / health).toFixed(3)),
        list_jobs_ratio: Number(((results.list_jobs?.requests_per_second ?? NaN) / health).toFixed(3)),
        loadavg_before: loadBefore,
        loadavg_after: loadAfter,
      }),
    );
  }
} finally {
  await web.stop();
  await scratch.drop();
}
process.exit(0);
