// The baseline: a plain COPY of the same rows into an equal table (same columns, indexes and constraints), timed
// on its own. The rows are exported first (COPY … TO) so the timed part is only the load.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";

export async function timeCopyOfEntities(url: string, syncId: string): Promise<{ rows: number; ms: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const dir = await mkdtemp(join(tmpdir(), "weft-bench-"));
  const file = join(dir, "entities.copy");
  try {
    await client.query("CREATE TABLE entity_copy (LIKE entity INCLUDING ALL)");
    await pipeline(
      client.query(copyTo(`COPY (SELECT * FROM entity WHERE sync_id = '${syncId}') TO STDOUT`)),
      createWriteStream(file),
    );
    const started = performance.now();
    const load = client.query(copyFrom("COPY entity_copy FROM STDIN"));
    await pipeline(createReadStream(file), load);
    const ms = performance.now() - started;
    const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM entity_copy");
    return { rows: Number(rows[0]?.n), ms };
  } finally {
    await client.query("DROP TABLE IF EXISTS entity_copy").catch(() => undefined);
    await client.end();
    await rm(dir, { recursive: true, force: true });
  }
}
