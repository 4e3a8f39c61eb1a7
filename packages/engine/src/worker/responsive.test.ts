// The database never holds up the thread that serves requests: while a job of many batches runs, an HTTP request to
// a server in this process is answered (with the job still RUNNING) before the job's COMPLETED event arrives. With
// PGlite in this thread every statement ran here, and the request waited for the whole job.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { testBackend } from "@weft/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, openTestEngine, waitForJob, type TestEngine } from "../testing";
import { JOB } from "@weft/job-model";

const ENTITIES = 20_000;
let engine: TestEngine;
let server: Server;

beforeAll(async () => {
  engine = await openTestEngine("responsive", { concurrency: 1, batchSize: 250 });
  server = createServer((req, res) => {
    const jobId = new URL(req.url ?? "/", "http://x").searchParams.get("job") ?? "";
    void engine.db.prisma.syncJob.findUniqueOrThrow({ where: { id: jobId } }).then((job) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ status: job.status, inserted: job.entitiesInserted }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await engine.close();
});

describe(`requests during a long job (${testBackend})`, { timeout: 120_000 }, () => {
  it("answers a request while a multi-batch job runs, before the job ends", async () => {
    const { connection, organization } = await createConnection(engine.db.prisma, "stub", {
      entity_count: ENTITIES,
      seed: 5,
    });
    const order: string[] = [];
    const seen: { answer?: { status: string; inserted: number } } = {};
    let requested: Promise<void> | null = null;
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/?job=`;
    let jobId = "";
    const unsubscribe = engine.bus.subscribe((event) => {
      if (event.jobId !== jobId) return;
      const status = event.payload?.status;
      if (status === JOB.COMPLETED) order.push("job completed");
      // The first progress event: batches are stored and more are coming. Ask the server now.
      if (event.type === "progress" && !requested) {
        order.push("request sent");
        requested = fetch(url + jobId)
          .then((res) => res.json() as Promise<{ status: string; inserted: number }>)
          .then((body) => {
            seen.answer = body;
            order.push("request answered");
          });
      }
    });
    try {
      jobId = (await engine.startRun({ organizationId: organization.id, sourceConnectionId: connection.id })).id;
      const done = await waitForJob(engine.db.prisma, jobId, [JOB.COMPLETED, JOB.FAILED], 110_000);
      await Promise.resolve(requested); // assigned in the event callback above
      expect(done.entitiesInserted).toBe(ENTITIES);
      expect(order).toEqual(["request sent", "request answered", "job completed"]);
      expect(seen.answer?.status).toBe(JOB.RUNNING);
      expect(seen.answer?.inserted ?? ENTITIES).toBeLessThan(ENTITIES);
    } finally {
      unsubscribe();
    }
  });
});
