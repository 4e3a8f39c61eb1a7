// `pnpm bench:sync --embedded [--entities N]`: see embedded.ts.
// `pnpm bench:sync [--entities N] [--latency-runs N] [--burst N] [--concurrency N] [--json]` (needs DATABASE_URL):
// full sync of N stub entities on PostgreSQL, first run (all inserted) and re-run (all kept), beside a plain COPY of
// the same rows measured in the same run; the peak RSS of this process (it hosts the worker); then start→RUNNING over
// runs started one after another and over a burst started at once on as many connections. Prints figures and the
// load average (`--json`: one JSON object as the last line); asserts nothing.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { env } from "@weft/config";
import { openDatabase } from "@weft/db";
import { createScratchPostgres } from "@weft/db/testing";
import { createEngine } from "@weft/engine";
import { createConnection, waitForJob } from "@weft/engine/testing";
import { timeCopyOfEntities } from "./copy-baseline";
import { benchEmbedded } from "./embedded";
import { burstStarts, sequentialStarts } from "./start-latency";
import { rate, seconds } from "./stats";
import { JOB } from "@weft/job-model";

const { values } = parseArgs({
  options: {
    entities: { type: "string", default: "1000000" },
    "latency-runs": { type: "string", default: "100" },
    burst: { type: "string", default: "100" },
    concurrency: { type: "string", default: String(env.WEFT_WORKER_CONCURRENCY) },
    embedded: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const entities = Number(values.entities);
const latencyRuns = Number(values["latency-runs"]);
const burst = Number(values.burst);
if (values.embedded) {
  await benchEmbedded(entities);
  process.exit(0);
}
if (!env.DATABASE_URL) {
  console.error(
    "bench:sync measures PostgreSQL: set DATABASE_URL (a scratch database is created beside it and dropped).",
  );
  process.exit(2);
}

/** This process's resident set now and at its peak (VmHWM), in MB. */
function rssMb(): { now: number; peak: number } {
  const status = readFileSync("/proc/self/status", "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { now: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
}
const load = () => loadavg().map((n) => Number(n.toFixed(2)));

const scratch = await createScratchPostgres(env.DATABASE_URL, "bench");
const db = await openDatabase({ kind: "postgres", url: scratch.url });
const engine = await createEngine(db, { worker: true, concurrency: Number(values.concurrency) });
const result: Record<string, unknown> = { entities, load_before: load() };
try {
  const { connection, organization, sync } = await createConnection(db.prisma, "stub", {
    entity_count: entities,
    seed: 1,
  });
  const run = async () => {
    const job = await engine.startRun({ organizationId: organization.id, sourceConnectionId: connection.id });
    const done = await waitForJob(db.prisma, job.id, [JOB.COMPLETED, JOB.FAILED], 60 * 60_000);
    if (done.status !== JOB.COMPLETED || !done.startedAt || !done.completedAt)
      throw new Error(`run ended ${done.status}: ${done.error}`);
    return { job: done, ms: done.completedAt.getTime() - done.startedAt.getTime() };
  };

  console.log(
    `Full sync of ${entities.toLocaleString("en-US")} stub entities on PostgreSQL (load ${load().join(", ")})`,
  );
  const first = await run();
  console.log(
    `  first run (inserted ${first.job.entitiesInserted}): ${seconds(first.ms)}, ${rate(entities, first.ms)}`,
  );
  const second = await run();
  console.log(`  re-run    (kept ${second.job.entitiesKept}):     ${seconds(second.ms)}, ${rate(entities, second.ms)}`);
  const rss = rssMb();
  console.log(`  worker process RSS: peak ${rss.peak} MB, now ${rss.now} MB (load ${load().join(", ")})`);
  const copy = await timeCopyOfEntities(scratch.url, sync.id);
  console.log(
    `  baseline: COPY of the same ${copy.rows} rows into an equal table: ${seconds(copy.ms)}, ${rate(copy.rows, copy.ms)}`,
  );
  const copyRate = copy.rows / copy.ms;
  const firstRatio = entities / first.ms / copyRate;
  const rerunRatio = entities / second.ms / copyRate;
  console.log(`  ratio first run / COPY: ${firstRatio.toFixed(2)} (goal ≥ 0.8)`);
  console.log(`  ratio re-run / COPY:    ${rerunRatio.toFixed(2)} (goal ≥ 1.0)`);
  Object.assign(result, {
    first_run_per_s: Math.round(entities / (first.ms / 1000)),
    rerun_per_s: Math.round(entities / (second.ms / 1000)),
    copy_per_s: Math.round(copyRate * 1000),
    first_run_vs_copy: Number(firstRatio.toFixed(2)),
    rerun_vs_copy: Number(rerunRatio.toFixed(2)),
    peak_rss_mb: rss.peak,
  });

  const single = await sequentialStarts(db.prisma, engine, latencyRuns);
  console.log(`start→RUNNING, ${single.runs} runs one after another: p50 ${single.p50} ms, p99 ${single.p99} ms`);
  const many = await burstStarts(db.prisma, engine, burst);
  console.log(
    `start→RUNNING, ${many.runs} runs started at once on ${burst} connections (worker concurrency ${values.concurrency}): ` +
      `p50 ${many.p50} ms, p99 ${many.p99} ms (goal p99 ≤ 200 ms); ${many.failed} starts failed`,
  );
  Object.assign(result, { start_running: single, start_running_burst: many, load_after: load() });
  console.log(`load average: ${load().join(", ")}`);
  if (values.json) console.log(JSON.stringify(result));
} finally {
  await engine.close();
  await db.close();
  await scratch.drop();
}
process.exit(0);
