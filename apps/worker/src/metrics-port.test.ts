// The standalone worker serves its own GET /metrics on WEFT_METRICS_PORT: what this process counted (the RUNNING and
// COMPLETED transitions it made, the entities it wrote), behind the bearer token. Needs PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@weft/config";
import { createScratchPostgres } from "@weft/db/testing";
import { openDatabase, type Database } from "@weft/db";
import { createEngine, type Engine } from "@weft/engine";
import { createConnection, waitForJob } from "@weft/engine/testing";
import { scrape } from "@weft/web/prometheus";
import { freePort } from "@weft/web/testing";
import { spawnWorker, type WorkerProcess } from "./worker-process";
import { JOB } from "@weft/job-model";

const url = env.DATABASE_URL;
if (!url) console.log("worker metrics tests skipped: they need PostgreSQL (set DATABASE_URL)");
const TOKEN = "worker-metrics-token-0123456789";

describe.skipIf(!url)("apps/worker GET /metrics on WEFT_METRICS_PORT", () => {
  let scratch: { url: string; drop(): Promise<void> };
  let db: Database;
  let api: Engine;
  let worker: WorkerProcess;
  let port = 0;

  beforeAll(async () => {
    scratch = await createScratchPostgres(url ?? "", "workermetrics");
    db = await openDatabase({ kind: "postgres", url: scratch.url });
    api = await createEngine(db, { worker: false });
    port = await freePort();
    worker = await spawnWorker(scratch.url, { WEFT_METRICS_PORT: String(port), WEFT_METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    worker?.child.kill("SIGKILL");
    await api?.close();
    await db?.close();
    await scratch?.drop();
  });

  it("counts the worker's own transitions and entities, behind the token", async () => {
    const metricsUrl = `http://127.0.0.1:${port}/metrics`;
    expect((await fetch(metricsUrl)).status).toBe(401);
    expect(
      (await fetch(`http://127.0.0.1:${port}/other`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(404);
    const scrapeText = async () => {
      const res = await fetch(metricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      return scrape(await res.text());
    };
    const before = await scrapeText();
    const { connection, organization } = await createConnection(db.prisma, "stub", { entity_count: 300, seed: 4 });
    const job = await api.startRun({ organizationId: organization.id, sourceConnectionId: connection.id });
    expect((await waitForJob(db.prisma, job.id, [JOB.COMPLETED, JOB.FAILED])).status).toBe(JOB.COMPLETED);
    const after = await scrapeText();
    const delta = (name: string, labels: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);
    // PENDING was counted by the process that started the run (this test's), not by the worker.
    expect(delta("weft_job_transitions_total", { status: JOB.PENDING })).toBe(0);
    expect(delta("weft_job_transitions_total", { status: JOB.RUNNING })).toBe(1);
    expect(delta("weft_job_transitions_total", { status: JOB.COMPLETED })).toBe(1);
    expect(delta("weft_entities_processed_total", { action: "inserted" })).toBe(300);
    expect(delta("weft_job_duration_seconds_count", { source: "stub", outcome: JOB.COMPLETED })).toBe(1);
    expect(after.value("weft_queue_depth")).toBe(0);
    expect(after.value("process_resident_memory_bytes")).toBeGreaterThan(0);
  });
});
