// Child process of kill.test.ts: opens embedded PGlite in the given data directory, starts a stub sync, and once a
// few batches are stored, counts the stored entities inside a transaction that holds a SHARE lock on entity (no
// other write can commit while it is open), prints `{"committed":n}` and waits, transaction open, to be killed.
import { openDatabase } from "@weft/db";
import { createEngine } from "../../engine";
import { createConnection, storedEntityCount } from "../../testing";

const [dataDir, total] = process.argv.slice(2);
if (!dataDir || !total) throw new Error("usage: kill-child.ts <data-dir> <entities>");
const print = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);

const db = await openDatabase({ kind: "pglite", dataDir });
const engine = await createEngine(db, { worker: true, concurrency: 1, batchSize: 500 });
const { connection, organization, sync } = await createConnection(db.prisma, "stub", {
  entity_count: Number(total),
  seed: 11,
});
const job = await engine.startRun({ organizationId: organization.id, sourceConnectionId: connection.id });
print({ jobId: job.id, syncId: sync.id, organizationId: organization.id, connectionId: connection.id });
while ((await storedEntityCount(db.prisma, sync.id)) < 2000) await new Promise((r) => setTimeout(r, 20));
await db.prisma.$transaction(
  async (tx) => {
    await tx.$executeRawUnsafe("LOCK TABLE entity IN SHARE MODE");
    const [row] = await tx.$queryRawUnsafe<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM entity WHERE sync_id = $1::uuid",
      sync.id,
    );
    print({ committed: row?.n });
    await new Promise(() => {}); // held open until SIGKILL
  },
  { timeout: 10 * 60_000 },
);
