import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffMigrationsToSchema, prismaDir } from "./index";

describe("schema drift", () => {
  it("schema.prisma and prisma/migrations agree (run `pnpm db:migrate:create <name>` when this fails)", async () => {
    const drift = await diffMigrationsToSchema();
    expect(drift, `schema.prisma differs from the migrations:\n${drift}`).toBeNull();
  });

  it("reports a field added to the schema without a migration", async () => {
    const schema = await readFile(join(prismaDir(), "schema.prisma"), "utf8");
    const changed = schema.replace("model Organization {\n", "model Organization {\n  drift_probe String?\n");
    expect(changed).not.toEqual(schema);
    const drift = await diffMigrationsToSchema(changed);
    expect(drift).toContain('ADD COLUMN     "drift_probe" TEXT');
  });
});
