// Every hot read, run through its service on a database seeded with many tenants and ANALYZEd, records the SQL it
// sends (Prisma's query log); each statement's EXPLAIN must have no Seq Scan over the big tables. The planner is free
// to choose (no enable_seqscan = off): with enough rows it picks an index only when the query lets it. Reads of one
// connection run on a connection with 5,000 jobs and must also touch a bounded number of them (EXPLAIN ANALYZE): an
// index range over all its jobs (a nested `take`, a GROUP BY per read) is as linear as a Seq Scan.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@weft/db";
import {
  explainPlan,
  openTestDatabase,
  planNodes,
  queryRecordingPrisma,
  seedAtScale,
  testBackend,
  type ScaleTarget,
  type SentQuery,
  type TestDatabase,
} from "@weft/db/testing";
import { getCollection, listCollections } from "./services/collections";
import { getJob, listJobs, listRecentJobs } from "./services/jobs";
import { getConnection, listConnections } from "./services/source-connections";
import { listMessages } from "./services/webhook-messages";

const BIG_TABLES = new Set(["sync_job", "entity", "source_connection", "webhook_message"]);
/** The most jobs one statement may read: a page of 1,000 and its look-ahead row, or the latest jobs of a page. */
const JOB_ROWS_BUDGET = 1001;
const HEAVY_JOBS = 5000;

let db: TestDatabase;
let recorder: ReturnType<typeof queryRecordingPrisma>;
let target: ScaleTarget;
let heavy: ScaleTarget;

beforeAll(async () => {
  db = await openTestDatabase("read-plans");
  // 2,000 connections in 40 organizations, 100,000 jobs, 100,000 entities, 20,000 webhook messages.
  target = await seedAtScale(db.url, {
    label: "plans",
    organizations: 40,
    connectionsPerOrganization: 50,
    jobsPerConnection: 50,
    entitiesPerConnection: 50,
    messagesPerOrganization: 500,
  });
  heavy = await seedAtScale(db.url, {
    label: "heavy",
    organizations: 1,
    connectionsPerOrganization: 1,
    jobsPerConnection: HEAVY_JOBS,
    entitiesPerConnection: 50,
    messagesPerOrganization: 0,
  });
  recorder = queryRecordingPrisma(db.url);
}, 600_000);

afterAll(async () => {
  await recorder.prisma.$disconnect();
  await db.cleanup();
});

/** The statements `read` sends, each with what is wrong with its plan (nothing, when all is well). */
async function planProblemsOf(read: (prisma: PrismaClient) => Promise<unknown>) {
  recorder.sent.length = 0;
  await read(recorder.prisma);
  const statements = recorder.sent.filter((q) => /^\s*(SELECT|WITH)\b/i.test(q.sql));
  return Promise.all(statements.map(async (query) => ({ sql: query.sql, problems: await planProblems(query) })));
}

async function planProblems(query: SentQuery): Promise<string[]> {
  const nodes = planNodes(await explainPlan(db.url, query, true));
  const seqScans = nodes.flatMap((node) =>
    node["Node Type"] === "Seq Scan" && node["Relation Name"] && BIG_TABLES.has(node["Relation Name"])
      ? [`Seq Scan on ${node["Relation Name"]}`]
      : [],
  );
  const jobRows = nodes
    .filter((node) => node["Relation Name"] === "sync_job")
    .reduce((n, node) => n + (node["Actual Rows"] ?? 0) * (node["Actual Loops"] ?? 1), 0);
  return jobRows > JOB_ROWS_BUDGET ? [...seqScans, `reads ${jobRows} jobs`] : seqScans;
}

const reads: [string, (prisma: PrismaClient) => Promise<unknown>][] = [
  ["get a job (with the organization check)", (p) => getJob(p, heavy.organizationId, heavy.jobId)],
  [
    "list a connection's jobs, first page",
    (p) => listJobs(p, heavy.organizationId, { sourceConnectionId: heavy.connectionId, limit: 100 }),
  ],
  [
    "list a connection's jobs after a cursor",
    (p) =>
      listJobs(p, heavy.organizationId, { sourceConnectionId: heavy.connectionId, limit: 10, cursor: heavy.jobId }),
  ],
  [
    "list a connection's FAILED jobs",
    (p) => listJobs(p, heavy.organizationId, { sourceConnectionId: heavy.connectionId, limit: 10, status: "FAILED" }),
  ],
  [
    "list a connection's jobs with skip",
    (p) => listJobs(p, heavy.organizationId, { sourceConnectionId: heavy.connectionId, limit: 10, skip: 20 }),
  ],
  ["connection detail", (p) => getConnection(p, heavy.organizationId, heavy.connectionId)],
  ["list the organization's connections", (p) => listConnections(p, target.organizationId, { skip: 0, limit: 100 })],
  [
    "list a collection's connections",
    (p) => listConnections(p, target.organizationId, { skip: 0, limit: 100, collection: target.collectionReadableId }),
  ],
  ["list collections", (p) => listCollections(p, target.organizationId, 0, 100)],
  ["get a collection", (p) => getCollection(p, target.organizationId, target.collectionReadableId)],
  ["every connection's recent jobs", (p) => listRecentJobs(p, target.organizationId, 5)],
  ["list webhook messages", (p) => listMessages(p, target.organizationId, { skip: 0, limit: 100 })],
];

describe(`query plans of the hot reads (${testBackend})`, () => {
  it.each(reads)("%s: no sequential scan, a bounded number of jobs read", async (_name, read) => {
    const statements = await planProblemsOf(read);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((s) => s.problems.length > 0)).toEqual([]);
  });

  it("flags a read with no index to use, and one that reads every job of a connection (the checks can fail)", async () => {
    expect(await planProblems({ sql: "SELECT id FROM sync_job WHERE error = $1", params: ["nope"] })).toContain(
      "Seq Scan on sync_job",
    );
    const everyJob = "SELECT status, count(*) FROM sync_job WHERE source_connection_id = $1 GROUP BY status";
    expect(await planProblems({ sql: everyJob, params: [heavy.connectionId] })).toEqual([`reads ${HEAVY_JOBS} jobs`]);
  });
});
