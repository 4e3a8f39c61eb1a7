// GET /metrics: the bearer-token check and the text, with the queue gauges read from the database at scrape time
// (one indexed aggregate over active jobs, so a scrape stays cheap however many jobs have ever run).
import { timingSafeEqual } from "node:crypto";
import { env } from "@weft/config";
import type { Database } from "@weft/db";
import { metrics } from "./registry";
import { ACTIVE_STATUSES, JOB } from "@weft/job-model";
import { sqlStatuses } from "../jobs/sql";

/** Whether a request may read /metrics: always when WEFT_METRICS_TOKEN is unset, else only with that bearer token. */
export function metricsAuthorized(authorization: string | null | undefined, token = env.WEFT_METRICS_TOKEN): boolean {
  if (!token) return true;
  const given = Buffer.from(/^Bearer (.+)$/i.exec(authorization ?? "")?.[1] ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

type Row = { status: string; jobs: bigint | number; oldest_age: number | null };

async function readQueue(db: Database): Promise<void> {
  const rows = await db.prisma.$queryRawUnsafe<Row[]>(
    `SELECT status::text AS status, count(*) AS jobs,
       extract(epoch FROM now() - min(created_at))::float8 AS oldest_age
     FROM sync_job WHERE status IN (${sqlStatuses(...ACTIVE_STATUSES)}) GROUP BY status`,
  );
  const m = metrics();
  for (const status of ACTIVE_STATUSES) m.jobsActive.set({ status }, 0);
  m.queueDepth.set(0);
  m.queueOldestAge.set(0);
  for (const row of rows) {
    m.jobsActive.set({ status: row.status }, Number(row.jobs));
    if (row.status === JOB.PENDING) {
      m.queueDepth.set(Number(row.jobs));
      m.queueOldestAge.set(Math.max(0, row.oldest_age ?? 0));
    }
  }
}

export const METRICS_CONTENT_TYPE = metrics().registry.contentType;

/** The Prometheus text; the database gauges keep their last values when the database does not answer. */
export async function renderMetrics(db: Database | null): Promise<string> {
  if (db) await readQueue(db).catch(() => undefined);
  return metrics().registry.metrics();
}
