// `pnpm bench:sync --embedded [--entities N]`: see embedded.ts.
// `pnpm bench:sync [--entities N] [--latency-runs N]` (needs DATABASE_URL): full sync of N stub entities on
// PostgreSQL, first run (all inserted) and re-run (all kept), beside a plain COPY of the same rows measured in the
// same run; then start→RUNNING latency over repeated runs. Prints figures (`--json`: also one JSON object as the last
// line, with os.loadavg()); asserts nothing.
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { env } from "@weft/config";
import { openDatabase } from "@weft/db";
import { createScratchPostgres } from "@weft/db/testing";
import { createEngine } from "@weft/engine";
import { createConnection, waitForJob } from "@weft/engine/testing";
import { timeCopyOfEntities } from "./copy-baseline";
import { benchEmbedded } from "./embedded";
import { percentile, rate, seconds } from "./stats";
import { JOB } from "@weft/job-model";

const { values } = parseArgs({
  options: {
    entities: { type: "string", default: "1000000" },
    "latency-runs": { type: "string", default: "100" },
    embedded: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const entities = Number(values.entities);
const latencyRuns = Number(values["latency-runs"]);
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

const scratch = await createScratchPostgres(env.DATABASE_URL, "bench");
const db = await openDatabase({ kind: "postgres", url: scratch.url });
const engine = await createEngine(db, { worker: true, concurrency: 1 });
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

  console.log(`Full sync of ${entities.toLocaleString("en-US")} stub entities on PostgreSQL`);
  const first = await run();
  console.log(
    `  first run (inserted ${first.job.entitiesInserted}): ${seconds(first.ms)}, ${rate(entities, first.ms)}`,
  );
  const second = await run();
  console.log(`  re-run    (kept ${second.job.entitiesKept}):     ${seconds(second.ms)}, ${rate(entities, second.ms)}`);
  const copy = await timeCopyOfEntities(scratch.url, sync.id);
  console.log(
    `  baseline: COPY of the same ${copy.rows} rows into an equal table: ${seconds(copy.ms)}, ${rate(copy.rows, copy.ms)}`,
  );
  const firstRate = entities / first.ms;
  console.log(`  ratio first run / COPY: ${(firstRate / (copy.rows / copy.ms)).toFixed(2)} (goal ≥ 0.5)`);
  console.log(`  ratio re-run / first run: ${(entities / second.ms / firstRate).toFixed(2)} (goal ≥ 1.5)`);

  const small = await createConnection(db.prisma, "stub", { entity_count: 1, seed: 1 });
  const latencies: number[] = [];
  for (let i = 0; i < latencyRuns; i++) {
    const job = await engine.startRun({
      organizationId: small.organization.id,
      sourceConnectionId: small.connection.id,
    });
    const done = await waitForJob(db.prisma, job.id, [JOB.COMPLETED, JOB.FAILED]);
    if (done.startedAt) latencies.push(done.startedAt.getTime() - done.createdAt.getTime());
  }
  console.log(
    `start→RUNNING over ${latencies.length} runs (created_at → started_at): p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms (goal p50 ≤ 50 ms)`,
  );
  console.log(
    `load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  if (values.json)
    console.log(
      JSON.stringify({
        bench: "sync",
        entities,
        first_run_per_second: Math.round(entities / (first.ms / 1000)),
        rerun_per_second: Math.round(entities / (second.ms / 1000)),
        copy_per_second: Math.round(copy.rows / (copy.ms / 1000)),
        start_to_running_p50_ms: percentile(latencies, 50),
        start_to_running_p99_ms: percentile(latencies, 99),
        loadavg: loadavg(),
      }),
    );
} finally {
  await engine.close();
  await db.close();
  await scratch.drop();
}
process.exit(0);
