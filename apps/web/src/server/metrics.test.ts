// GET /metrics of the built web app, parsed by a Prometheus text-format parser: the bearer token, and counters that
// move by exactly the numbers of known runs (the embedded worker counts in this same process).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOT_BUILT_MESSAGE, startBuiltWeb, webIsBuilt, type BuiltWeb } from "./testing/built-server";
import { scrape, type Scrape } from "./testing/prometheus";
import { JOB, PUBLIC_STATUS } from "@weft/job-model";

if (!webIsBuilt) console.log(`metrics tests skipped: ${NOT_BUILT_MESSAGE}`);

const TOKEN = "metrics-token-for-tests-0123456789";

describe.skipIf(!webIsBuilt)("GET /metrics", () => {
  let web: BuiltWeb;
  let headers: Record<string, string>;
  let collection = "";

  const read = async (): Promise<Scrape> => {
    const res = await fetch(`${web.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return scrape(await res.text());
  };
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${web.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBe(200);
    return (await res.json()) as T;
  };
  const connection = (name: string, config: Record<string, unknown>) =>
    api<{ id: string }>("POST", "/v1/source-connections", {
      name,
      short_name: "stub",
      readable_collection_id: collection,
      config,
      sync_immediately: false,
    });
  const waitFor = async <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> => {
    for (let i = 0; i < 600; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    web = await startBuiltWeb({ env: { WEFT_METRICS_TOKEN: TOKEN, WEFT_ORG_MAX_RUNNING_JOBS: "1" } });
    headers = { "x-api-key": web.demoKey ?? "", "content-type": "application/json" };
    collection = (await api<{ readable_id: string }>("POST", "/v1/collections", { name: "Metrics" })).readable_id;
  });
  afterAll(() => web?.stop());

  it("answers 401 without the bearer token, or with another one", async () => {
    expect((await fetch(`${web.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${web.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await fetch(`${web.url}/metrics`, { headers: { "x-api-key": web.demoKey ?? "" } })).status).toBe(401);
    // Paths a client makes up land on one label, never their own.
    expect((await fetch(`${web.url}/v1/made-up/path-xyz`, { headers })).status).toBe(404);
    expect((await fetch(`${web.url}/v1/source-connections/made-up-xyz`)).status).toBe(401);
    expect((await fetch(`${web.url}/v1/source-connections/made-up-xyz`, { headers })).status).toBe(422);
    const page = await read();
    const routes = page.families
      .find((f) => f.name === "weft_http_request_duration_seconds")
      ?.metrics.map((m) => m.labels?.route);
    expect(routes).toEqual(expect.arrayContaining(["/v1/*", "/v1/source-connections/{id}"]));
    expect(routes?.some((r) => r?.includes("made-up"))).toBe(false);
    expect(page.value("process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(page.value("nodejs_heap_size_total_bytes")).toBeGreaterThan(0);
  });

  it("a 500-entity stub run moves the counters by exactly its numbers", async () => {
    const { id } = await connection("Known run", { entity_count: 500, seed: 5 });
    const before = await read();
    const job = await api<{ id: string }>("POST", `/v1/source-connections/${id}/run`);
    await waitFor(
      () => api<{ status: string }>("GET", `/v1/sync/jobs/${job.id}`),
      (j) => j.status === PUBLIC_STATUS.COMPLETED,
      "the run to complete",
    );
    const after = await read();
    const delta = (name: string, labels?: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);
    expect(delta("weft_job_transitions_total", { status: JOB.PENDING })).toBe(1);
    expect(delta("weft_job_transitions_total", { status: JOB.RUNNING })).toBe(1);
    expect(delta("weft_job_transitions_total", { status: JOB.COMPLETED })).toBe(1);
    expect(delta("weft_job_transitions_total", { status: JOB.FAILED })).toBe(0);
    expect(delta("weft_entities_processed_total", { action: "inserted" })).toBe(500);
    expect(delta("weft_entities_processed_total", { action: "updated" })).toBe(0);
    expect(delta("weft_job_duration_seconds_count", { source: "stub", outcome: JOB.COMPLETED })).toBe(1);
    expect(delta("weft_job_pickup_latency_seconds_count")).toBe(1);
    expect(
      delta("weft_http_request_duration_seconds_count", {
        route: "/v1/source-connections/{id}/run",
        method: "POST",
        status: "200",
      }),
    ).toBe(1);
    expect(after.value("weft_jobs_active")).toBe(0);
    expect(after.value("weft_queue_depth")).toBe(0);
  });

  it("reads queue depth, oldest pending age and live subscribers at scrape time", async () => {
    const slow = await connection("Slow", { entity_count: 5000, seed: 1, generation_delay_ms: 20 });
    const waiting = await connection("Waiting", { entity_count: 10, seed: 1 });
    const running = await api<{ id: string }>("POST", `/v1/source-connections/${slow.id}/run`);
    await waitFor(
      () => api<{ status: string }>("GET", `/v1/sync/jobs/${running.id}`),
      (j) => j.status === PUBLIC_STATUS.RUNNING,
      JOB.RUNNING,
    );
    // WEFT_ORG_MAX_RUNNING_JOBS=1: the second job waits PENDING behind the first.
    const pending = await api<{ id: string }>("POST", `/v1/source-connections/${waiting.id}/run`);
    const stream = await fetch(`${web.url}/v1/sync/job/${running.id}/subscribe`, { headers });
    const page = await waitFor(read, (p) => p.value("weft_live_subscribers") === 1, "the subscriber to count");
    expect(page.value("weft_queue_depth")).toBe(1);
    expect(page.value("weft_jobs_active", { status: JOB.PENDING })).toBe(1);
    expect(page.value("weft_jobs_active", { status: JOB.RUNNING })).toBe(1);
    expect(page.value("weft_queue_oldest_pending_age_seconds")).toBeGreaterThanOrEqual(0);
    await stream.body?.cancel();
    await waitFor(read, (p) => p.value("weft_live_subscribers") === 0, "the subscriber to go");

    const before = await read();
    await api("POST", `/v1/source-connections/${waiting.id}/jobs/${pending.id}/cancel`);
    await api("POST", `/v1/source-connections/${slow.id}/jobs/${running.id}/cancel`);
    await waitFor(
      () => api<{ status: string }>("GET", `/v1/sync/jobs/${running.id}`),
      (j) => j.status === PUBLIC_STATUS.CANCELLED,
      "the cancel",
    );
    const after = await waitFor(read, (p) => p.value("weft_jobs_active") === 0, "no active jobs");
    expect(after.value("weft_queue_depth")).toBe(0);
    expect(after.value("weft_queue_oldest_pending_age_seconds")).toBe(0);
    const delta = (status: string) =>
      after.value("weft_job_transitions_total", { status }) - before.value("weft_job_transitions_total", { status });
    expect([delta(JOB.CANCELLING), delta(JOB.CANCELLED)]).toEqual([1, 2]);
    expect(after.value("weft_job_duration_seconds_count", { outcome: JOB.CANCELLED })).toBe(1);
  });
});
