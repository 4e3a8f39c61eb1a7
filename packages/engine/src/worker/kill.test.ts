// kill -9 of a process in the middle of a sync on embedded PGlite (a real child process, a real SIGKILL): the data
// directory opens again, every entity committed before the kill is stored, the job leaves RUNNING through the reaper
// (worker lost), and a rerun converges to the full set.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "@weft/db";
import { childProcessEnv } from "@weft/config";
import { testBackend } from "@weft/db/testing";
import { describe, expect, it } from "vitest";
import { createEngine } from "../engine";
import { storedEntityCount, waitForJob } from "../testing";
import { JOB } from "@weft/job-model";

const ENTITIES = 20_000;
const engineDir = fileURLToPath(new URL("../..", import.meta.url));
const childScript = fileURLToPath(new URL("./testing/kill-child.ts", import.meta.url));

type Started = { jobId: string; syncId: string; organizationId: string; connectionId: string };

/** Runs the child until it reports its committed count, then SIGKILLs it. */
async function runAndKill(dataDir: string): Promise<Started & { committed: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", childScript, dataDir, String(ENTITIES)], {
    cwd: engineDir,
    env: childProcessEnv({ DATABASE_URL: undefined, WEFT_LOG_LEVEL: "warn" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<string | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
  const lines: Record<string, unknown> = {};
  await new Promise<void>((resolve, reject) => {
    let buffer = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let at = buffer.indexOf("\n"); at >= 0; at = buffer.indexOf("\n")) {
        Object.assign(lines, JSON.parse(buffer.slice(0, at)) as object);
        buffer = buffer.slice(at + 1);
      }
      if ("committed" in lines) resolve();
    });
    void exited.then(() => reject(new Error(`child exited before reporting:\n${output}`)));
  });
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
  return lines as Started & { committed: number };
}

describe.skipIf(testBackend !== "pglite")("kill -9 during a sync on embedded PGlite", { timeout: 180_000 }, () => {
  it("keeps every committed batch, fails the lost job and converges on a rerun", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "weft-kill-"));
    try {
      const started = await runAndKill(dataDir);
      expect(started.committed).toBeGreaterThan(0);
      expect(started.committed).toBeLessThan(ENTITIES);

      const db = await openDatabase({ kind: "pglite", dataDir });
      const engine = await createEngine(db, { worker: true, concurrency: 1, leaseSeconds: 5, reaperIntervalMs: 200 });
      try {
        expect(await storedEntityCount(db.prisma, started.syncId)).toBe(started.committed);
        const lost = await waitForJob(db.prisma, started.jobId, [JOB.FAILED], 60_000);
        expect(lost.errorCategory).toBe("worker_lost");
        const rerun = await engine.startRun({
          organizationId: started.organizationId,
          sourceConnectionId: started.connectionId,
        });
        const done = await waitForJob(db.prisma, rerun.id, [JOB.COMPLETED, JOB.FAILED], 120_000);
        expect(done).toMatchObject({
          status: JOB.COMPLETED,
          entitiesInserted: ENTITIES - started.committed,
          entitiesKept: started.committed,
        });
        expect(await storedEntityCount(db.prisma, started.syncId)).toBe(ENTITIES);
      } finally {
        await engine.close();
        await db.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
