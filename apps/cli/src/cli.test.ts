// The real `weft` CLI (a child process) against the built web app: follow to each end state, --json, errors, and a
// stream that drops mid-run (through a TCP proxy) resuming with Last-Event-ID to the exact final counts.
import { startTcpProxy } from "@weft/db/tcp-proxy";
import { NOT_BUILT_MESSAGE, startBuiltWeb, webIsBuilt, type BuiltWeb } from "@weft/web/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createParser } from "eventsource-parser";
import { cli, startCli } from "./testing";
import { JOB, PUBLIC_STATUS } from "@weft/job-model";

/** Every progress frame in a job's event log (Last-Event-ID: 0 replays it all, then the stream closes). */
async function loggedFrames(url: string, key: string, jobId: string): Promise<unknown[]> {
  const res = await fetch(`${url}/v1/sync/job/${jobId}/subscribe`, {
    headers: { "x-api-key": key, "last-event-id": "0" },
  });
  const frames: unknown[] = [];
  const parser = createParser({ onEvent: (m) => m.id && frames.push(JSON.parse(m.data)) });
  parser.feed(await res.text());
  return frames;
}

if (!webIsBuilt) console.log(`CLI tests skipped: ${NOT_BUILT_MESSAGE}`);

async function until(check: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!webIsBuilt)("weft CLI against a running Weft", () => {
  let web: BuiltWeb;
  let env: Record<string, string>;
  const ids: Record<string, string> = {};

  async function connection(name: string, shortName: string, config: Record<string, unknown>, collection: string) {
    const res = await fetch(`${web.url}/v1/source-connections`, {
      method: "POST",
      headers: { "x-api-key": env.WEFT_API_KEY ?? "", "content-type": "application/json" },
      body: JSON.stringify({
        name,
        short_name: shortName,
        readable_collection_id: collection,
        config,
        sync_immediately: false,
      }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { id: string }).id;
  }

  beforeAll(async () => {
    web = await startBuiltWeb({ env: { WEFT_SSE_HEARTBEAT_MS: "500" } });
    env = { WEFT_URL: web.url, WEFT_API_KEY: web.demoKey ?? "" };
    const res = await fetch(`${web.url}/v1/collections`, {
      method: "POST",
      headers: { "x-api-key": env.WEFT_API_KEY ?? "", "content-type": "application/json" },
      body: JSON.stringify({ name: "CLI tests" }),
    });
    const { readable_id } = (await res.json()) as { readable_id: string };
    ids.stub = await connection(
      "CLI stub",
      "stub",
      { entity_count: 500, seed: 7, generation_delay_ms: 2 },
      readable_id,
    );
    ids.failing = await connection(
      "CLI failing",
      "exception_stub",
      { entity_count: 50, fail_after: 20, error_message: "disk on fire" },
      readable_id,
    );
    ids.slow = await connection(
      "CLI slow",
      "stub",
      { entity_count: 5000, seed: 1, generation_delay_ms: 20 },
      readable_id,
    );
    ids.interrupted = await connection(
      "CLI interrupted",
      "stub",
      { entity_count: 5000, seed: 9, generation_delay_ms: 20 },
      readable_id,
    );
    ids.resumed = await connection(
      "CLI resumed",
      "stub",
      { entity_count: 2000, seed: 2, generation_delay_ms: 3 },
      readable_id,
    );
  });
  afterAll(() => web?.stop());

  /** Starts a run of the connection over the API; its job id. */
  async function runningJob(connectionId: string): Promise<string> {
    const res = await fetch(`${web.url}/v1/source-connections/${connectionId}/run`, {
      method: "POST",
      headers: { "x-api-key": env.WEFT_API_KEY ?? "" },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { id: string }).id;
  }

  it("run --follow on a stub exits 0 with the final counts, a plain line per update when not a terminal", async () => {
    const { code, stdout, stderr } = await cli(["run", ids.stub ?? "", "--follow"], env);
    expect(stderr).toMatch(/^Started job [0-9a-f-]{36} \(PENDING\)/);
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines.at(-1)).toMatch(
      /COMPLETED in [\d.]+ s: 500 inserted, 0 updated, 0 deleted, 0 kept, 0 skipped, 0 failed\.$/,
    );
    expect(lines.at(-2)).toMatch(
      /^500\/500 entities {2}\d+\/s {2}\d+:\d\d {2}\+500 ~0 -0 =0 skip 0 fail 0 {2}completed$/,
    );
  });

  it("run --follow on exception_stub exits 1 and prints the error", async () => {
    const { code, stdout, stderr } = await cli(["run", ids.failing ?? "", "--follow"], env);
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAILED: 20 inserted/);
    expect(stderr).toContain("Error (source_error): disk on fire");
  });

  it("a cancel from another process ends the follower with exit 3", async () => {
    const follower = startCli(["run", ids.slow ?? "", "--follow"], env);
    await until(() => /in_progress/.test(follower.stdout()), 60_000, "the first progress line");
    const jobId = /Started job ([0-9a-f-]{36})/.exec(follower.stderr())?.[1] ?? "";
    const cancel = await cli(["jobs", "cancel", jobId], env);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toMatch(/is CANCELLING|cancelled/);
    const { code, stdout } = await follower.done;
    expect(code).toBe(3);
    expect(stdout.trim().split("\n").at(-1)).toMatch(new RegExp(`^Job ${jobId} CANCELLED`));
  });

  it("Ctrl-C (SIGINT) stops following at once with exit 130, asks nothing, and the job goes on", async () => {
    const follower = startCli(["jobs", "follow", await runningJob(ids.interrupted ?? "")], env);
    await until(() => /in_progress/.test(follower.stdout()), 60_000, "the first progress line");
    follower.child.kill("SIGINT");
    const { code, stderr } = await follower.done;
    expect(code).toBe(130);
    const jobId = /Stopped following job ([0-9a-f-]{36}): it goes on/.exec(stderr)?.[1] ?? "";
    const job = await cli(["jobs", "get", jobId, "--json"], env);
    expect(JSON.parse(job.stdout)).toMatchObject({ status: PUBLIC_STATUS.RUNNING });
    expect((await cli(["jobs", "cancel", jobId], env)).code).toBe(0);
  });

  it("--json prints one parsable JSON value per line", async () => {
    const run = await cli(["--json", "run", ids.stub ?? "", "--follow", "--full"], env);
    expect(run.code).toBe(0);
    const values = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(values[0]).toMatchObject({ status: JOB.PENDING, source_connection_id: ids.stub });
    expect(values.slice(1, -1).every((v) => v.type === "progress")).toBe(true);
    expect(values.at(-1)).toMatchObject({
      id: values[0]?.id,
      status: PUBLIC_STATUS.COMPLETED,
      entities_inserted: 0,
      entities_kept: 500,
    });

    const list = await cli(["jobs", "list", ids.stub ?? "", "--json", "--limit", "5"], env);
    const jobs = JSON.parse(list.stdout) as { id: string; status: string }[];
    expect(jobs.map((j) => j.status)).toEqual([JOB.COMPLETED, JOB.COMPLETED]);
    const get = await cli(["jobs", "get", jobs[0]?.id ?? "", "--json"], env);
    expect(JSON.parse(get.stdout)).toMatchObject({ id: jobs[0]?.id, entities_kept: 500 });
    const connections = JSON.parse((await cli(["connections", "list", "--json"], env)).stdout) as { id: string }[];
    expect(connections.map((c) => c.id)).toEqual(expect.arrayContaining([ids.stub, ids.failing, ids.slow]));
  });

  it("says what to change: an unknown job (1), no API key, a bad limit (2)", async () => {
    const unknown = await cli(["jobs", "get", "00000000-0000-0000-0000-000000000000"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/404 .*not found/i);
    const noKey = await cli(["connections", "list"], { WEFT_URL: web.url });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("Set WEFT_API_KEY");
    const badLimit = await cli(["jobs", "list", ids.stub ?? "", "--limit", "0"], env);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain("a whole number from 1 to 1000");
    const unreachable = await cli(["connections", "list"], { ...env, WEFT_URL: "http://127.0.0.1:1" });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain("Cannot reach Weft at http://127.0.0.1:1");
  });

  it("resumes with Last-Event-ID when the stream drops: every logged event once, in order, to the exact counts", async () => {
    const port = Number(new URL(web.url).port);
    const proxy = await startTcpProxy({ host: "127.0.0.1", port });
    try {
      const follower = startCli(["run", ids.resumed ?? "", "--follow", "--json"], {
        ...env,
        WEFT_URL: `http://127.0.0.1:${proxy.port}`,
      });
      await until(() => /in_progress/.test(follower.stdout()), 60_000, "the first progress line");
      await proxy.outage(1500); // the stream breaks and reconnecting fails for a while; the job runs on meanwhile
      const { code, stdout, stderr } = await follower.done;
      expect(stderr).toContain("Stream interrupted");
      expect(code).toBe(0);
      const values = stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(values.at(-1)).toMatchObject({ status: PUBLIC_STATUS.COMPLETED, entities_inserted: 2000 });
      const seen = values.slice(1, -1);
      // The job's whole event log, read afterwards: what the CLI printed is exactly its tail (nothing lost across
      // the outage, nothing repeated), which only holds if the reconnect sent Last-Event-ID.
      const log = await loggedFrames(web.url, env.WEFT_API_KEY ?? "", String(values[0]?.id));
      expect(seen.length).toBeGreaterThan(5);
      expect(seen).toEqual(log.slice(log.length - seen.length));
    } finally {
      await proxy.close();
    }
  });

  it("keys and secrets still reach the operator commands on the database", async () => {
    const { code, stdout } = await cli(["keys", "create", "--name", "from-test"], { WEFT_DATA_DIR: "memory://" });
    expect(code).toBe(0);
    expect(stdout.trim().split("\n").at(-1)).toMatch(/^weft_[A-Za-z0-9_-]{20,}$/);
  });
});
