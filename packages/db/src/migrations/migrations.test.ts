import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testBackend, type TestDatabase } from "../testing";
import { applyMigrations, postgresMigrationFactory, readMigrationsList } from "./index";

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase("migrations");
});
afterAll(() => db.cleanup());

const expectedTables = [
  "organization",
  "api_key",
  "collection",
  "source_connection",
  "sync",
  "sync_job",
  "sync_job_event",
  "schedule_run",
  "entity",
];

describe(`migrations on ${testBackend}`, () => {
  it("creates every table", async () => {
    const rows = await db.prisma.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`;
    const names = rows.map((r) => r.table_name);
    for (const table of expectedTables) expect(names).toContain(table);
  });

  it("creates the partial unique index for one active job per connection", async () => {
    const rows = await db.prisma.$queryRaw<{ indexdef: string }[]>`
      SELECT indexdef FROM pg_indexes WHERE indexname = 'sync_job_one_active_per_connection'`;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.indexdef).toMatch(/UNIQUE INDEX .* \(source_connection_id\) WHERE/);
    expect(rows[0]?.indexdef).toMatch(/PENDING.*RUNNING.*CANCELLING/);
  });

  it("records one _prisma_migrations row per migration, finished", async () => {
    const { migrationDirectories } = await readMigrationsList();
    const rows = await db.prisma.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
      SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`;
    expect(rows.map((r) => r.migration_name)).toEqual(migrationDirectories.map((d) => d.path));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it("applies nothing the second time", async () => {
    const factory = postgresMigrationFactory(db.url);
    expect(await applyMigrations(factory)).toEqual([]);
  });
});
