// /v1 SSE through `next start` itself: unbuffered, uncompressed, and frames arrive while the job is still running.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOT_BUILT_MESSAGE, startBuiltWeb, webIsBuilt, type BuiltWeb } from "./testing/built-server";
import { PUBLIC_STATUS } from "@weft/job-model";

if (!webIsBuilt) console.log(`rest-sse tests skipped: ${NOT_BUILT_MESSAGE}`);

describe.skipIf(!webIsBuilt)("GET /v1/sync/job/{id}/subscribe under next start", () => {
  let web: BuiltWeb;
  beforeAll(async () => {
    web = await startBuiltWeb();
  });
  afterAll(() => web?.stop());

  it("streams progress frames as they happen, without compression", async () => {
    const key = web.demoKey ?? "";
    expect(key).toMatch(/^weft_/);
    const headers = { "x-api-key": key, "content-type": "application/json" };
    const collection = (await (
      await fetch(`${web.url}/v1/collections`, {
        method: "POST",
        headers,
        body: JSON.stringify({ name: "Stream check" }),
      })
    ).json()) as { readable_id: string };
    const connection = (await (
      await fetch(`${web.url}/v1/source-connections`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          short_name: "stub",
          readable_collection_id: collection.readable_id,
          config: { entity_count: 3000, seed: 1, generation_delay_ms: 1 },
        }),
      })
    ).json()) as { sync: { last_job: { id: string } } };
    const jobId = connection.sync.last_job.id;

    const response = await fetch(`${web.url}/v1/sync/job/${jobId}/subscribe`, {
      headers: { "x-api-key": key, "accept-encoding": "gzip, br" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("content-encoding")).toBeNull();
    const reader = response.body?.getReader();
    if (!reader) throw new Error("no body");
    const decoder = new TextDecoder();
    let text = "";
    let runningFrameSeen = false;
    while (!runningFrameSeen) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      runningFrameSeen = text.includes(`"status":"${PUBLIC_STATUS.RUNNING}"`);
    }
    expect(runningFrameSeen).toBe(true);
    // The frame arrived while the job was still running: nothing held it back until the end.
    const job = (await (await fetch(`${web.url}/v1/sync/jobs/${jobId}`, { headers })).json()) as { status: string };
    expect(job.status).toBe(PUBLIC_STATUS.RUNNING);
    await reader.cancel();
  });
});
