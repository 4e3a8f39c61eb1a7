// A schedule due every minute, with two worker processes running on one PostgreSQL: exactly one job per minute.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@weft/config";
import { createScratchPostgres } from "@weft/db/testing";
import { openDatabase, type Database } from "@weft/db";
import { setSchedule } from "@weft/engine";
import { createConnection } from "@weft/engine/testing";
import { spawnWorker, type WorkerProcess } from "./worker-process";

const url = env.DATABASE_URL;

describe.skipIf(!url)("a per-minute schedule with two worker processes", () => {
  let scratch: { url: string; drop(): Promise<void> };
  let db: Database;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    scratch = await createScratchPostgres(url ?? "", "schedule");
    db = await openDatabase({ kind: "postgres", url: scratch.url });
  });
  afterAll(async () => {
    for (const w of workers) w.child.kill("SIGKILL");
    await db?.close();
    await scratch?.drop();
  });

  it("starts exactly one job for each due minute", async () => {
    workers.push(
      await spawnWorker(scratch.url, { WEFT_WORKER_ID: "sched-a" }),
      await spawnWorker(scratch.url, { WEFT_WORKER_ID: "sched-b" }),
    );
    const { sync } = await createConnection(db.prisma, "stub", { entity_count: 50, seed: 1 });
    await setSchedule(db.prisma, sync.id, "* * * * *");
    const first = (await db.prisma.sync.findUniqueOrThrow({ where: { id: sync.id } })).nextRunAt ?? new Date();
    const secondDue = first.getTime() + 60_000;
    // Wait until the second due minute has passed and both workers had time to act on it.
    await new Promise((resolve) => setTimeout(resolve, secondDue - Date.now() + 4000));

    const runs = await db.prisma.scheduleRun.findMany({ where: { syncId: sync.id }, orderBy: { dueAt: "asc" } });
    const jobs = await db.prisma.syncJob.findMany({ where: { syncId: sync.id }, orderBy: { createdAt: "asc" } });
    console.log(
      `due minutes: ${runs.map((r) => `${r.dueAt.toISOString()} ${r.outcome}`).join(", ")}; jobs: ${jobs.length} on ${[...new Set(jobs.map((j) => j.leaseOwner))].join(", ")}`,
    );
    expect(runs.map((r) => r.dueAt.getTime())).toEqual([first.getTime(), secondDue]);
    expect(runs.every((r) => r.outcome === "started")).toBe(true);
    expect(jobs).toHaveLength(2);
    expect(jobs.every((j) => j.scheduled)).toBe(true);
  }, 200_000);
});
