// `pnpm bench:list [--jobs N] [--entities N] [--requests N] [--json]` (needs DATABASE_URL and the built web app):
// seeds by SQL one connection with N jobs and N stored entities in a scratch PostgreSQL database, ANALYZEs, starts the
// built server on it, then measures one request at a time over HTTP: list jobs (first page; a deep page by keyset
// cursor through tRPC and by `skip` through REST), connection detail and job detail, beside /api/health of the same
// server and the same list SQL sent directly with pg. Prints figures; asserts nothing.
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { entityCountsByTypeSql } from "@weft/api/entity-counts";
import { jobsPageSql, latestJobsSql, runCountsSql } from "@weft/api/read-queries";
import { env } from "@weft/config";
import { createApiKey } from "@weft/auth";
import { openDatabase } from "@weft/db";
import { createScratchPostgres, seedAtScale } from "@weft/db/testing";
import { startBuiltWeb } from "@weft/web/testing";
import { percentile, seconds } from "./stats";

const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "1000000" },
    entities: { type: "string", default: "1000000" },
    requests: { type: "string", default: "200" },
    json: { type: "boolean", default: false },
  },
});
const jobs = Number(values.jobs);
const entities = Number(values.entities);
const requests = Number(values.requests);
/** A slow endpoint stops after this long rather than after `requests` requests. */
const BUDGET_MS = 30_000;
if (!env.DATABASE_URL) {
  console.error(
    "bench:list measures PostgreSQL: set DATABASE_URL (a scratch database is created beside it and dropped).",
  );
  process.exit(2);
}

type Figure = { label: string; requests: number; p50: number; p99: number; max: number };

/** Sequential calls (after 10 unmeasured ones): latency in ms. */
async function measure(label: string, call: () => Promise<void>): Promise<Figure> {
  for (let i = 0; i < 10; i++) await call();
  const latencies: number[] = [];
  const started = performance.now();
  while (latencies.length < requests && performance.now() - started < BUDGET_MS) {
    const sent = performance.now();
    await call();
    latencies.push(performance.now() - sent);
  }
  const round = (ms: number) => Math.round(ms * 100) / 100;
  const figure = {
    label,
    requests: latencies.length,
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    max: round(Math.max(...latencies)),
  };
  console.log(`  ${label.padEnd(52)} p50 ${figure.p50} ms, p99 ${figure.p99} ms (${figure.requests} requests)`);
  return figure;
}

const scratch = await createScratchPostgres(env.DATABASE_URL, "benchlist");
const sql = new pg.Client({ connectionString: scratch.url });
try {
  const db = await openDatabase({ kind: "postgres", url: scratch.url });
  const seedStart = performance.now();
  console.log(
    `Seeding one connection with ${jobs.toLocaleString("en-US")} jobs and ${entities.toLocaleString("en-US")} entities (SQL)`,
  );
  const target = await seedAtScale(scratch.url, {
    label: "bench",
    organizations: 1,
    connectionsPerOrganization: 1,
    jobsPerConnection: jobs,
    entitiesPerConnection: entities,
    messagesPerOrganization: 0,
    onProgress: (what) => console.log(`  ${what}: ${seconds(performance.now() - seedStart)}`),
  });
  const key = await createApiKey(db.prisma, { organizationId: target.organizationId, name: "bench" });
  await db.close();
  await sql.connect();
  const middle = Math.floor(jobs / 2);
  const deep = await sql.query<{ id: string }>(
    "SELECT id::text FROM sync_job WHERE source_connection_id = $1 ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1",
    [target.connectionId, middle],
  );
  const deepCursor = deep.rows[0]?.id;
  if (!deepCursor) throw new Error("no job in the middle of the list");

  const web = await startBuiltWeb({
    env: { DATABASE_URL: scratch.url, WEFT_LOG_LEVEL: "warn", WEFT_EMBEDDED_WORKER: "false" },
    timeoutMs: 180_000,
  });
  try {
    const get = (path: string) => async () => {
      const res = await fetch(`${web.url}${path}`, { headers: { "x-api-key": key.secret } });
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    const direct = (query: { text: string; values: unknown[] }) => async () => {
      await sql.query(query.text, query.values);
    };
    const trpcInput = (input: unknown) => encodeURIComponent(JSON.stringify({ json: input }));
    const conn = target.connectionId;
    const page = jobsPageSql({ sourceConnectionId: conn, limit: 101 });
    console.log(`Latency, one request at a time (server pid ${web.pid}, PostgreSQL, ANALYZEd):`);
    const figures = [
      await measure("baseline: GET /api/health", get("/api/health")),
      await measure("baseline: list SQL (100 jobs) sent directly with pg", direct(page)),
      // The detail's parts, directly: which one its time goes to.
      await measure("detail part via pg: run counts (sync_job_count)", direct(runCountsSql(conn))),
      await measure("detail part via pg: latest job (LATERAL)", direct(latestJobsSql([conn], 1))),
      await measure(
        "detail part via pg: entity counts per type (GROUP BY)",
        direct(entityCountsByTypeSql(target.syncId)),
      ),
      await measure(
        "GET /v1/source-connections/{id}/jobs?limit=100",
        get(`/v1/source-connections/${conn}/jobs?limit=100`),
      ),
      await measure(
        "GET /v1/source-connections/{id}/jobs?limit=10",
        get(`/v1/source-connections/${conn}/jobs?limit=10`),
      ),
      await measure(
        `tRPC jobs.list, limit 100, cursor at job ${middle.toLocaleString("en-US")} (keyset)`,
        get(`/api/trpc/jobs.list?input=${trpcInput({ sourceConnectionId: conn, limit: 100, cursor: deepCursor })}`),
      ),
      await measure(
        `GET …/jobs?skip=${middle}&limit=100 (OFFSET, linear)`,
        get(`/v1/source-connections/${conn}/jobs?skip=${middle}&limit=100`),
      ),
      await measure("GET /v1/source-connections/{id} (detail)", get(`/v1/source-connections/${conn}`)),
      await measure("GET /v1/sync/jobs/{id}", get(`/v1/sync/jobs/${target.jobId}`)),
    ];
    const load = loadavg().map((n) => Math.round(n * 100) / 100);
    console.log(`  load average: ${load.join(", ")} (2 cores, shared)`);
    if (values.json) console.log(JSON.stringify({ bench: "list", jobs, entities, loadavg: load, figures }));
  } finally {
    await web.stop();
  }
} finally {
  await sql.end().catch(() => undefined);
  await scratch.drop();
}
