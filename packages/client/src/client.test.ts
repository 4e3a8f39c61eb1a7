// The client against the BUILT web app (`next start` on a fresh embedded database): queries, mutations and an SSE
// subscription followed to the job's end, all authenticated by the API key; a wrong key is refused on both paths.
import { randomUUID } from "node:crypto";
import type { JobStreamEvent } from "@weft/api";
import { NOT_BUILT_MESSAGE, startBuiltWeb, webIsBuilt, type BuiltWeb } from "@weft/web/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWeftClient, TRPCClientError, type WeftClient } from "./index";
import { JOB } from "@weft/job-model";

if (!webIsBuilt) console.warn(`[client] skipping client.test.ts: ${NOT_BUILT_MESSAGE}`);

type Received = { event: JobStreamEvent; at: number };

/** Every event of the job from the first one on (with when it arrived), until the server ends the stream. */
function followJob(client: WeftClient, jobId: string): Promise<Received[]> {
  return new Promise((resolve, reject) => {
    const received: Received[] = [];
    client.subscriptions.jobProgress.subscribe(
      { jobId, lastEventId: 0 },
      {
        onData: ({ data }) => void received.push({ event: data, at: Date.now() }),
        onComplete: () => resolve(received),
        onStopped: () => resolve(received),
        onError: reject,
      },
    );
  });
}

/** The error a subscription ends with (data or a normal end would be a failure here). */
function subscriptionError(client: WeftClient, jobId: string): Promise<unknown> {
  return new Promise((resolve) => {
    const subscription = client.subscriptions.jobProgress.subscribe(
      { jobId },
      {
        onData: () => resolve(new Error("received data")),
        onComplete: () => resolve(new Error("completed")),
        onStopped: () => resolve(new Error("no error within 20 s")),
        onError: resolve,
      },
    );
    setTimeout(() => subscription.unsubscribe(), 20_000).unref();
  });
}

function errorCode(error: unknown): unknown {
  return error instanceof TRPCClientError ? (error.data as { code?: unknown } | undefined)?.code : error;
}

describe.skipIf(!webIsBuilt)("@weft/client against next start", () => {
  let web: BuiltWeb | undefined;
  let client: WeftClient;

  beforeAll(async () => {
    web = await startBuiltWeb({ env: { WEFT_LOG_LEVEL: "warn" } });
    if (!web.demoKey) throw new Error(`no demo key in the banner:\n${web.output()}`);
    client = createWeftClient({ url: web.url, apiKey: web.demoKey });
  });

  afterAll(async () => {
    await web?.stop();
  });

  it("lists collections, creates a connection, starts a run and follows it to COMPLETED over SSE", async () => {
    expect((await client.collections.list.query({})).map((c) => c.readableId)).toContain("demo");
    const collection = await client.collections.create.mutate({ name: "Client test", readableId: "client-test" });
    const connection = await client.sourceConnections.create.mutate({
      shortName: "stub",
      readableCollectionId: collection.readableId,
      config: { entity_count: 2000, seed: 1, generation_delay_ms: 1 },
      syncImmediately: false,
    });

    const job = await client.runs.start.mutate({ sourceConnectionId: connection.id });
    const again = await client.runs.start
      .mutate({ sourceConnectionId: connection.id })
      .catch((error: unknown) => error);
    expect(again).toBeInstanceOf(TRPCClientError);
    expect(errorCode(again)).toBe("CONFLICT");

    const received = await followJob(client, job.id);
    const events = received.map((r) => r.event);
    const progress = events.filter((e) => e.type === "progress").map((e) => e.entities_inserted);
    // Cumulative: never going back, and moving several times (a frame may repeat a count: progress also flows
    // while counts stand still, and other counters can move while `inserted` does not).
    expect(new Set(progress).size).toBeGreaterThanOrEqual(3);
    progress.slice(1).forEach((count, i) => expect(count).toBeGreaterThanOrEqual(progress[i] ?? Infinity));
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
    const last = events.at(-1);
    expect(last).toMatchObject({ status: JOB.COMPLETED, entities_inserted: 2000, jobId: job.id });
    expect(last?.createdAt).toBeInstanceOf(Date); // superjson on the SSE path too
    // Unbuffered: live events arrive while the job runs (~2 s), not in one burst when the response ends.
    const firstProgressAt = received.find((r) => r.event.type === "progress")?.at ?? Infinity;
    expect((received.at(-1)?.at ?? 0) - firstProgressAt).toBeGreaterThan(500);
    expect(await client.jobs.get.query({ jobId: job.id })).toMatchObject({
      status: JOB.COMPLETED,
      entitiesInserted: 2000,
    });
  });

  it("sends SSE uncompressed and at once: the first event arrives while the stream is still open", async () => {
    if (!web) throw new Error("server not started");
    const abort = new AbortController();
    const res = await fetch(`${web.url}/api/trpc/subscriptions.orgActivity`, {
      headers: { "x-api-key": web.demoKey ?? "", accept: "text/event-stream", "accept-encoding": "gzip, deflate, br" },
      signal: abort.signal,
    });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(res.headers.get("content-encoding")).toBeNull(); // `no-transform` keeps next start's gzip (and its buffer) off
    const reader = res.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain("event: connected");
    abort.abort();
  });

  it("refuses a wrong API key on queries and on subscriptions", async () => {
    if (!web) throw new Error("server not started");
    const intruder = createWeftClient({ url: web.url, apiKey: "weft_wrong_key_0123456789abcdefghij" });
    const queryError = await intruder.collections.list.query({}).catch((error: unknown) => error);
    expect(errorCode(queryError)).toBe("UNAUTHORIZED");
    expect(errorCode(await subscriptionError(intruder, randomUUID()))).toBe("UNAUTHORIZED");
  });
});
