// Job shapes over real HTTP against the published examples and CONTRACT.md: the run answer (exactly run-sync.txt's
// keys plus error_category), the job list (UPPERCASE, newest first, `limit`), the job detail (lowercase, RUNNING as
// `in_progress`) and cancel, for COMPLETED, FAILED, CANCELLED and RUNNING jobs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { clientFor, createCollection, createConnection, run, waitFor, type Client } from "./testing/http";
import { startRestServer, type RestServer } from "./testing/serve";
import { shapeProblems, sourceConnectionJobShape, syncJobShape } from "./testing/shape";
import { JOB, PUBLIC_STATUS } from "@weft/job-model";

let server: RestServer;
let api: Client;
let collection: string;
beforeAll(async () => {
  server = await startRestServer("shapes");
  api = clientFor(server, await server.keyFor("shapes-org"));
  collection = (await createCollection(api, "Job shapes")).readable_id;
});
afterAll(() => server.close());

type Job = Record<string, any>;

const seconds = (job: Job) => (Date.parse(job.completed_at) - Date.parse(job.started_at)) / 1000;

async function detail(jobId: string): Promise<Job> {
  const answer = await api("GET", `/sync/jobs/${jobId}`);
  expect(answer.status).toBe(200);
  expect(shapeProblems(answer.body, syncJobShape, "at-least")).toEqual([]);
  return answer.body;
}

async function listed(connectionId: string, query = ""): Promise<Job[]> {
  const answer = await api("GET", `/source-connections/${connectionId}/jobs${query}`);
  expect(answer.status).toBe(200);
  expect(Array.isArray(answer.body)).toBe(true);
  for (const job of answer.body as Job[]) expect(shapeProblems(job, sourceConnectionJobShape)).toEqual([]);
  return answer.body;
}

async function startedRun(config: Record<string, unknown>, shortName = "stub") {
  const connection = await createConnection(api, collection, config, shortName);
  const answer = await api("POST", `/source-connections/${connection.id}/run`);
  expect(answer.status).toBe(200);
  return { connectionId: connection.id, job: answer.body as Job };
}

describe(`job shapes (${testBackend})`, () => {
  it("the shape helper refuses missing, undocumented and mistyped keys", () => {
    expect(shapeProblems({ a: "x", b: 1 }, { a: "string" })).toEqual(["undocumented key b"]);
    expect(shapeProblems({ a: "x", b: 1 }, { a: "string" }, "at-least")).toEqual([]);
    expect(shapeProblems({}, { a: "string" })).toEqual(["missing key a"]);
    expect(shapeProblems({ t: "2024-03-20T10:00:00Z" }, { t: "timestamp" })).toHaveLength(1); // CONTRACT.md wants milliseconds
    expect(
      shapeProblems({ t: "2024-03-20T10:00:00.000Z", n: null }, { t: "timestamp", n: ["integer", "null"] }),
    ).toEqual([]);
    expect(shapeProblems({ n: 1.5, o: [] }, { n: "integer", o: "object" })).toHaveLength(2);
  });

  it("POST /run answers the PENDING job with exactly the run doc example's keys (+ error_category)", async () => {
    const { connectionId, job } = await startedRun({ entity_count: 10, seed: 3 });
    expect(shapeProblems(job, sourceConnectionJobShape)).toEqual([]);
    expect(job).toEqual({
      id: job.id,
      source_connection_id: connectionId,
      status: JOB.PENDING,
      started_at: null,
      completed_at: null,
      duration_seconds: null,
      entities_inserted: 0,
      entities_updated: 0,
      entities_deleted: 0,
      entities_failed: 0,
      error: null,
      error_details: null,
      error_category: null,
    });
    await waitFor(server, job.id, [JOB.COMPLETED]);
  });

  it("COMPLETED: detail lowercase with counts and duration; list UPPERCASE, newest first, honouring limit", async () => {
    const connection = await createConnection(api, collection, { entity_count: 50, seed: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const job = await run(api, connection.id);
      ids.push(job.id);
      await waitFor(server, job.id, [JOB.COMPLETED]);
    }
    const last = ids[2] ?? "";
    const job = await detail(last);
    expect(job).toMatchObject({
      id: last,
      status: PUBLIC_STATUS.COMPLETED,
      scheduled: false,
      failed_at: null,
      error: null,
      created_by_email: null,
    });
    expect(job.entities_inserted + job.entities_updated + job.entities_kept).toBe(50);
    expect(job.entities_kept).toBe(50); // same seed again: nothing changed
    expect(Object.values(job.entities_encountered as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(50);
    expect(Object.values(job.entities_encountered).every((n) => Number.isInteger(n))).toBe(true);
    expect(job.duration_seconds).toBeCloseTo(seconds(job), 3);
    expect(Date.parse(job.completed_at)).toBeGreaterThanOrEqual(Date.parse(job.started_at));
    const connectionBody = (await api("GET", `/source-connections/${connection.id}`)).body;
    expect(job.sync_id).toBe(connectionBody.sync_id);
    expect(job.organization_id).toBe(connectionBody.organization_id);

    const jobs = await listed(connection.id);
    expect(jobs.map((j) => j.id)).toEqual([...ids].reverse());
    expect(jobs.every((j) => j.status === JOB.COMPLETED && j.source_connection_id === connection.id)).toBe(true);
    const first = await listed(connection.id, "?limit=2");
    expect(first.map((j) => j.id)).toEqual([ids[2], ids[1]]);
    expect(first[0]?.duration_seconds).toBeCloseTo(seconds(first[0] ?? {}), 3);
    expect(first[1]).toMatchObject({ entities_inserted: 0, entities_failed: 0, error: null, error_details: null });
    expect(await listed(connection.id, "?limit=1")).toHaveLength(1);
    expect(await listed(connection.id, "?limit=1000")).toHaveLength(3);
  });

  it("FAILED (stub fail_after, exception_stub): duration null, failed_at set, error and error_category set", async () => {
    for (const [shortName, config] of [
      ["stub", { entity_count: 20, seed: 2, fail_after: 5 }],
      ["exception_stub", { entity_count: 20, seed: 2, fail_after: 7 }],
    ] as const) {
      const { connectionId, job: started } = await startedRun(config, shortName);
      await waitFor(server, started.id, [JOB.FAILED]);
      const job = await detail(started.id);
      expect(job).toMatchObject({ status: PUBLIC_STATUS.FAILED, completed_at: null, duration_seconds: null });
      expect(job.failed_at).toMatch(/Z$/);
      expect(job.started_at).toMatch(/Z$/);
      expect(job.error).toEqual(expect.stringContaining("fail_after"));
      expect(job.error_category).toEqual(expect.any(String));
      const [listedJob] = await listed(connectionId);
      expect(listedJob).toMatchObject({
        id: started.id,
        status: JOB.FAILED,
        completed_at: null,
        duration_seconds: null,
        error: job.error,
        error_category: job.error_category,
      });
      const connection = (await api("GET", `/source-connections/${connectionId}`)).body;
      expect(connection).toMatchObject({
        status: "error",
        error_message: job.error,
        error_category: job.error_category,
      });
      expect(connection.sync).toMatchObject({
        total_runs: 1,
        successful_runs: 0,
        failed_runs: 1,
        last_job: { id: started.id, status: JOB.FAILED },
      });
    }
  });

  it("RUNNING is `in_progress` with no end; cancel answers the job and it ends CANCELLED with a duration", async () => {
    const { connectionId, job: started } = await startedRun({ entity_count: 100_000, seed: 4, generation_delay_ms: 2 });
    await waitFor(server, started.id, [JOB.RUNNING]);
    const running = await detail(started.id);
    expect(running).toMatchObject({
      status: PUBLIC_STATUS.RUNNING,
      completed_at: null,
      failed_at: null,
      duration_seconds: null,
      error: null,
    });
    expect(running.started_at).toMatch(/Z$/);
    const [listedRunning] = await listed(connectionId);
    expect(listedRunning).toMatchObject({ status: JOB.RUNNING, completed_at: null, duration_seconds: null });
    expect((await api("GET", `/source-connections/${connectionId}`)).body.status).toBe("syncing");

    const cancel = await api("POST", `/source-connections/${connectionId}/jobs/${started.id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(shapeProblems(cancel.body, sourceConnectionJobShape)).toEqual([]);
    expect(cancel.body).toMatchObject({ id: started.id, source_connection_id: connectionId });
    expect([JOB.CANCELLING, JOB.CANCELLED]).toContain(cancel.body.status);

    await waitFor(server, started.id, [JOB.CANCELLED]);
    const cancelled = await detail(started.id);
    expect(cancelled).toMatchObject({ status: PUBLIC_STATUS.CANCELLED, failed_at: null });
    expect(cancelled.completed_at).toMatch(/Z$/);
    expect(cancelled.duration_seconds).toBeCloseTo(seconds(cancelled), 3);
    expect(cancelled.entities_inserted).toBeLessThan(100_000);
    const [listedCancelled] = await listed(connectionId);
    expect(listedCancelled).toMatchObject({
      status: JOB.CANCELLED,
      completed_at: cancelled.completed_at,
      duration_seconds: cancelled.duration_seconds,
    });
  });
});
