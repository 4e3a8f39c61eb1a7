// The job time limit: a job past WEFT_JOB_MAX_SECONDS ends FAILED "timeout", by its worker and by the reaper.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { reapTimedOutJobs } from "@weft/engine/testing";
import { clientFor, createCollection, createConnection, run, waitFor, type Client } from "./testing/http";
import { startRestServer, type RestServer } from "./testing/serve";
import { JOB, PUBLIC_STATUS } from "@weft/job-model";

let server: RestServer;
let client: Client;
beforeAll(async () => {
  server = await startRestServer("limits-time", { engine: { jobMaxSeconds: 2 } });
  client = clientFor(server, await server.keyFor("limits-time-org"));
});
afterAll(() => server.close());

async function slowConnection(config: Record<string, unknown> = { entity_count: 100_000, generation_delay_ms: 50 }) {
  const collection = await createCollection(client);
  return createConnection(client, collection.readable_id, config);
}

describe(`job time limit (${testBackend})`, () => {
  it("ends a job running past WEFT_JOB_MAX_SECONDS (2 s here) FAILED with error_category timeout", async () => {
    const job = await run(client, (await slowConnection()).id);
    const ended = await waitFor(server, job.id, [JOB.COMPLETED, JOB.FAILED, JOB.CANCELLED]);
    expect(ended.status).toBe(JOB.FAILED);
    expect(ended.errorCategory).toBe("timeout");
    expect(ended.error).toMatch(/WEFT_JOB_MAX_SECONDS/);
    const view = await client("GET", `/sync/jobs/${job.id}`);
    expect(view.body.status).toBe(PUBLIC_STATUS.FAILED);
  });

  it("has the reaper fail a RUNNING job started longer ago than the limit plus grace, as a backstop", async () => {
    const job = await run(client, (await slowConnection()).id);
    await waitFor(server, job.id, [JOB.RUNNING]);
    // As if its worker had missed its own deadline: the job started an hour ago.
    await server.engine.db.prisma.$executeRawUnsafe(
      `UPDATE sync_job SET started_at = now() - interval '1 hour' WHERE id = $1::uuid`,
      job.id,
    );
    expect(await reapTimedOutJobs(server.engine.db, 60, 5)).toContain(job.id);
    const ended = await waitFor(server, job.id, [JOB.FAILED]);
    expect(ended.errorCategory).toBe("timeout");
  });
});
