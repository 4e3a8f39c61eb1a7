// Every hot read, run through its service on a database seeded with many tenants and ANALYZEd, records the SQL it
// sends (Prisma's query log); each statement's EXPLAIN must have no Seq Scan over the big tables. The planner is free
// to choose (no enable_seqscan = off): with enough rows it picks an index only when the query lets it.
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

let db: TestDatabase;
let recorder: ReturnType<typeof queryRecordingPrisma>;
let target: ScaleTarget;

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
  recorder = queryRecordingPrisma(db.url);
}, 600_000);

afterAll(async () => {
  await recorder.prisma.$disconnect();
  await db.cleanup();
});

/** The statements `read` sends, each with the big tables its plan scans sequentially. */
async function seqScansOf(read: (prisma: PrismaClient) => Promise<unknown>) {
  recorder.sent.length = 0;
  await read(recorder.prisma);
  const statements = recorder.sent.filter((q) => /^\s*(SELECT|WITH)\b/i.test(q.sql));
  return Promise.all(statements.map(async (query) => ({ sql: query.sql, seqScans: await seqScannedTables(query) })));
}

async function seqScannedTables(query: SentQuery): Promise<string[]> {
  const plan = await explainPlan(db.url, query);
  return planNodes(plan).flatMap((node) =>
    node["Node Type"] === "Seq Scan" && node["Relation Name"] && BIG_TABLES.has(node["Relation Name"])
      ? [node["Relation Name"]]
      : [],
  );
}

const reads: [string, (prisma: PrismaClient) => Promise<unknown>][] = [
  ["get a job (with the organization check)", (p) => getJob(p, target.organizationId, target.jobId)],
  [
    "list a connection's jobs, first page",
    (p) => listJobs(p, target.organizationId, { sourceConnectionId: target.connectionId, limit: 100 }),
  ],
  [
    "list a connection's jobs after a cursor",
    (p) =>
      listJobs(p, target.organizationId, { sourceConnectionId: target.connectionId, limit: 10, cursor: target.jobId }),
  ],
  [
    "list a connection's FAILED jobs",
    (p) => listJobs(p, target.organizationId, { sourceConnectionId: target.connectionId, limit: 10, status: "FAILED" }),
  ],
  [
    "list a connection's jobs with skip",
    (p) => listJobs(p, target.organizationId, { sourceConnectionId: target.connectionId, limit: 10, skip: 20 }),
  ],
  ["connection detail", (p) => getConnection(p, target.organizationId, target.connectionId)],
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
  it.each(reads)("%s: no sequential scan of jobs, entities, connections or messages", async (_name, read) => {
    const statements = await seqScansOf(read);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((s) => s.seqScans.length > 0)).toEqual([]);
  });

  it("flags a read that has no index to use (the check can fail)", async () => {
    const flagged = await seqScannedTables({ sql: "SELECT id FROM sync_job WHERE error = $1", params: ["nope"] });
    expect(flagged).toEqual(["sync_job"]);
  });
});
