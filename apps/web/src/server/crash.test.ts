// Crash recovery with real processes and real signals against the built server: kill -9 of the embedded (PGlite)
// server mid-job; on PostgreSQL three processes (web A and web B without embedded workers, apps/worker C) where
// workers and web servers are killed or stopped mid-job and mid-stream. Timings are printed, not asserted.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@weft/db";
import { childProcessEnv } from "@weft/config";
import { createScratchPostgres, testBackend, LOCAL_POSTGRES_URL, localPostgresUnavailable } from "@weft/db/testing";
import { NOT_BUILT_MESSAGE, startBuiltWeb, webIsBuilt, type BuiltWeb } from "./testing/built-server";
import { readSse, type SseFrame } from "./testing/sse";
import { JOB, PUBLIC_STATUS } from "@weft/job-model";

const SERVER_URL = LOCAL_POSTGRES_URL;
const LEASE = "5";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const noServer = await localPostgresUnavailable();
if (!webIsBuilt) console.log(`crash tests skipped: ${NOT_BUILT_MESSAGE}`);
else if (noServer) console.log(`PostgreSQL crash tests skipped: no PostgreSQL at 127.0.0.1:5432 (${noServer})`);

type Job = {
  id: string;
  status: string;
  entities_inserted: number;
  entities_kept: number;
  error_category: string | null;
};

function api(web: BuiltWeb, key: string) {
  const headers = { "x-api-key": key, "content-type": "application/json" };
  const call = async <T>(method: string, path: string, body?: unknown) =>
    (await (
      await fetch(`${web.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    ).json()) as T;
  return {
    async startStub(entityCount: number, delayMs: number) {
      const collection = await call<{ readable_id: string }>("POST", "/v1/collections", {
        name: `Crash ${Math.random()}`,
      });
      const connection = await call<{ id: string; sync_id: string; sync: { last_job: { id: string } } }>(
        "POST",
        "/v1/source-connections",
        {
          short_name: "stub",
          readable_collection_id: collection.readable_id,
          config: { entity_count: entityCount, seed: 3, generation_delay_ms: delayMs },
        },
      );
      return { connectionId: connection.id, syncId: connection.sync_id, jobId: connection.sync.last_job.id };
    },
    job: (jobId: string) => call<Job>("GET", `/v1/sync/jobs/${jobId}`),
    run: (connectionId: string) => call<{ id: string }>("POST", `/v1/source-connections/${connectionId}/run`),
    entities: async (connectionId: string) =>
      (await call<{ entities: { total_entities: number } }>("GET", `/v1/source-connections/${connectionId}`)).entities
        .total_entities,
  };
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
    await sleep(100);
  }
}
const ended = (job: Job) =>
  ([PUBLIC_STATUS.COMPLETED, PUBLIC_STATUS.FAILED, PUBLIC_STATUS.CANCELLED] as string[]).includes(job.status);

function subscribe(
  web: BuiltWeb,
  key: string,
  jobId: string,
  lastEventId?: number,
  until?: (frames: SseFrame[]) => boolean,
) {
  const headers: Record<string, string> = {
    "x-api-key": key,
    ...(lastEventId === undefined ? {} : { "last-event-id": String(lastEventId) }),
  };
  return fetch(`${web.url}/v1/sync/job/${jobId}/subscribe`, { headers }).then((response) =>
    readSse(response, 120_000, until),
  );
}

/** The progress events of /v1 frames: ids and the last body. */
function progress(frames: SseFrame[]) {
  const bodies = frames.map((f) => ({
    id: f.id,
    body: JSON.parse(f.data) as { type: string; status?: string; message?: string },
  }));
  const events = bodies.filter((b) => b.body.type === "progress");
  return { bodies, ids: events.map((e) => Number(e.id)), last: events.at(-1)?.body };
}

function expectConsecutive(ids: number[]) {
  for (let i = 1; i < ids.length; i++) expect(ids[i]).toBe((ids[i - 1] ?? 0) + 1);
}

// Each half runs once in CI: the embedded one in the PGlite pass, the PostgreSQL one when DATABASE_URL is set.
describe.skipIf(!webIsBuilt || testBackend !== "pglite")("crash recovery, embedded PGlite", () => {
  it(
    "kill -9 mid-job, start again: the data directory opens, the job leaves RUNNING, a rerun converges",
    { timeout: 240_000 },
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), "weft-crash-"));
      const env = { WEFT_LEASE_SECONDS: LEASE, WEFT_LOG_LEVEL: "warn" };
      let web = await startBuiltWeb({ dataDir, env });
      try {
        const key = web.demoKey ?? "";
        const ENTITIES = 8000;
        const { jobId, connectionId } = await api(web, key).startStub(ENTITIES, 1);
        await waitFor(
          () => api(web, key).job(jobId),
          (job) => job.status === PUBLIC_STATUS.RUNNING && job.entities_inserted > 0,
        );
        web.kill("SIGKILL");
        await web.exited;
        const killedAt = Date.now();

        web = await startBuiltWeb({ dataDir, env });
        const healthyMs = Date.now() - killedAt;
        const left = await waitFor(
          () => api(web, key).job(jobId),
          (job) => job.status !== PUBLIC_STATUS.RUNNING,
        );
        const leftMs = Date.now() - killedAt;
        console.log(
          `[crash pglite] restarted and healthy ${healthyMs} ms after kill -9; job left RUNNING after ${leftMs} ms as ${left.status} (${left.error_category}); lease ${LEASE} s`,
        );
        expect(left).toMatchObject({ status: PUBLIC_STATUS.FAILED, error_category: "worker_lost" });

        const rerun = await api(web, key).run(connectionId);
        const done = await waitFor(() => api(web, key).job(rerun.id), ended, 120_000);
        expect(done.status).toBe(PUBLIC_STATUS.COMPLETED);
        expect(done.entities_inserted + done.entities_kept).toBe(ENTITIES);
        expect(done.entities_kept).toBeGreaterThan(0);
        expect(await api(web, key).entities(connectionId)).toBe(ENTITIES);
      } finally {
        await web.stop();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  );
});

const WORKER_DIR = fileURLToPath(new URL("../../../worker", import.meta.url));

/** `apps/worker` as a real process (what `pnpm --filter @weft/worker start` runs). */
async function spawnWorker(databaseUrl: string, workerId: string) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", join(WORKER_DIR, "src", "main.ts")], {
    cwd: WORKER_DIR,
    env: childProcessEnv({
      DATABASE_URL: databaseUrl,
      WEFT_WORKER_ID: workerId,
      WEFT_LEASE_SECONDS: LEASE,
      WEFT_LOG_LEVEL: "warn",
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await waitFor(
    () => Promise.resolve(output),
    (text) => text.includes("ready") || child.exitCode !== null,
    30_000,
  );
  if (child.exitCode !== null) throw new Error(`worker did not start:\n${output}`);
  return { child, exited, id: workerId };
}
type WorkerProcess = Awaited<ReturnType<typeof spawnWorker>>;

describe.skipIf(!webIsBuilt || noServer !== null || testBackend !== "postgres")(
  "crash recovery, PostgreSQL with web A, web B and apps/worker",
  () => {
    let scratch: { url: string; drop(): Promise<void> };
    let direct: Database;
    let webA: BuiltWeb;
    let webB: BuiltWeb;
    let key: string;
    const workers: WorkerProcess[] = [];
    const webEnv = () => ({
      DATABASE_URL: scratch.url,
      WEFT_EMBEDDED_WORKER: "false",
      WEFT_LEASE_SECONDS: LEASE,
      WEFT_SSE_HEARTBEAT_MS: "1000",
      WEFT_LOG_LEVEL: "warn",
    });
    const leaseOwner = async (jobId: string) =>
      (await direct.prisma.syncJob.findUniqueOrThrow({ where: { id: jobId } })).leaseOwner;

    beforeAll(async () => {
      scratch = await createScratchPostgres(SERVER_URL, "crash");
      webA = await startBuiltWeb({ env: webEnv() });
      key = webA.demoKey ?? "";
      webB = await startBuiltWeb({ env: webEnv() });
      direct = await openDatabase({ kind: "postgres", url: scratch.url }, { migrate: false });
      workers.push(await spawnWorker(scratch.url, "worker-c"));
    }, 120_000);
    afterAll(async () => {
      for (const w of workers) w.child.kill("SIGKILL");
      await webA?.stop();
      await webB?.stop();
      await direct?.close();
      await scratch?.drop();
    });

    it("a subscriber on A follows a job run by C to the end", { timeout: 120_000 }, async () => {
      const { jobId } = await api(webA, key).startStub(3000, 1);
      const { frames, closedByServer } = await subscribe(webA, key, jobId, 0);
      const { ids, last } = progress(frames);
      expect(ids[0]).toBe(1);
      expectConsecutive(ids);
      expect(last?.status).toBe(PUBLIC_STATUS.COMPLETED);
      expect(closedByServer).toBe(true);
      expect(await leaseOwner(jobId)).toBe("worker-c");
    });

    it(
      "kill -9 of C mid-job: the job leaves RUNNING within the lease; worker D takes new work; the rerun converges",
      { timeout: 180_000 },
      async () => {
        const ENTITIES = 8000;
        const { jobId, connectionId } = await api(webA, key).startStub(ENTITIES, 1);
        await waitFor(
          () => api(webA, key).job(jobId),
          (job) => job.status === PUBLIC_STATUS.RUNNING && job.entities_inserted > 0,
        );
        const c = workers[0];
        c?.child.kill("SIGKILL");
        await c?.exited;
        const killedAt = Date.now();
        workers.push(await spawnWorker(scratch.url, "worker-d"));
        const left = await waitFor(
          () => api(webA, key).job(jobId),
          (job) => job.status !== PUBLIC_STATUS.RUNNING,
        );
        console.log(
          `[crash pg] kill -9 of worker C: its job left RUNNING after ${Date.now() - killedAt} ms as ${left.status} (${left.error_category}); lease ${LEASE} s`,
        );
        expect(left).toMatchObject({ status: PUBLIC_STATUS.FAILED, error_category: "worker_lost" });

        const rerun = await api(webB, key).run(connectionId);
        const done = await waitFor(() => api(webB, key).job(rerun.id), ended, 120_000);
        expect(done.status).toBe(PUBLIC_STATUS.COMPLETED);
        expect(done.entities_inserted + done.entities_kept).toBe(ENTITIES);
        expect(await api(webB, key).entities(connectionId)).toBe(ENTITIES);
        expect(await leaseOwner(rerun.id)).toBe("worker-d");
      },
    );

    it(
      "kill -9 of A during an SSE stream: the client resumes on B with Last-Event-ID and misses nothing",
      { timeout: 180_000 },
      async () => {
        const { jobId } = await api(webB, key).startStub(8000, 1);
        let killed = false;
        const first = await subscribe(webA, key, jobId, 0, (frames) => {
          if (!killed && progress(frames).ids.length >= 5) {
            killed = true;
            webA.kill("SIGKILL");
          }
          return false;
        });
        await webA.exited;
        expect(first.broken).toBe(true);
        const before = progress(first.frames).ids;
        const lastSeen = before.at(-1) ?? 0;
        const resumedAt = Date.now();
        const second = await subscribe(webB, key, jobId, lastSeen);
        const after = progress(second.frames);
        const all = [...before, ...after.ids];
        expect(all[0]).toBe(1);
        expectConsecutive(all);
        expect(after.last?.status).toBe(PUBLIC_STATUS.COMPLETED);
        console.log(
          `[crash pg] kill -9 of web A mid-stream after event ${lastSeen}: resumed on B (${Date.now() - resumedAt} ms to the end), ${all.length} events 1..${all.at(-1)}, missed 0, repeated 0`,
        );
      },
    );

    it(
      "SIGTERM: web B ends its streams with a final frame and exits; worker D hands its job back and exits; both within 10 s",
      { timeout: 180_000 },
      async () => {
        const { jobId } = await api(webB, key).startStub(10_000, 1);
        await waitFor(
          () => api(webB, key).job(jobId),
          (job) => job.status === PUBLIC_STATUS.RUNNING && job.entities_inserted > 0,
        );
        let termAt = 0;
        const stream = await subscribe(webB, key, jobId, undefined, (frames) => {
          if (termAt === 0 && progress(frames).ids.length >= 2) {
            termAt = Date.now();
            webB.kill("SIGTERM");
          }
          return false;
        });
        const exit = await webB.exited;
        const webExitMs = Date.now() - termAt;
        const finalFrame = progress(stream.frames).bodies.at(-1)?.body;
        console.log(
          `[crash pg] SIGTERM of web B: final frame ${JSON.stringify(finalFrame)}; exited (${exit.code ?? exit.signal}) ${webExitMs} ms after the signal`,
        );
        expect(finalFrame).toMatchObject({ type: "error" });
        expect(finalFrame?.message).toMatch(/Last-Event-ID/);

        const d = workers.at(-1);
        const sigtermAt = Date.now();
        d?.child.kill("SIGTERM");
        expect(await d?.exited).toBe(0);
        const workerExitMs = Date.now() - sigtermAt;
        const handedBack = await direct.prisma.syncJob.findUniqueOrThrow({ where: { id: jobId } });
        expect(handedBack).toMatchObject({ status: JOB.RUNNING, leaseOwner: null });
        console.log(`[crash pg] SIGTERM of worker D: job handed back, exited 0 ${workerExitMs} ms after the signal`);
        workers.push(await spawnWorker(scratch.url, "worker-e"));
        // Both web servers are gone now: the database says how it ended.
        const done = await waitFor(
          () => direct.prisma.syncJob.findUniqueOrThrow({ where: { id: jobId } }),
          (job) => job.status !== JOB.RUNNING && job.status !== JOB.PENDING,
          120_000,
        );
        expect(done).toMatchObject({ status: JOB.COMPLETED, leaseOwner: "worker-e" });
        expect(done.entitiesInserted + done.entitiesKept).toBe(10_000);
      },
    );
  },
);
