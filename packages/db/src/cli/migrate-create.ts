// `pnpm db:migrate:create <name>`: writes the next migration from the difference between the migrations and schema.prisma.
import { createMigration } from "../migrations/index";

const name = process.argv[2];
if (!name) {
  console.error("Usage: pnpm db:migrate:create <name>   (lower-case letters, digits and _)");
  process.exit(2);
}
const folder = await createMigration(name);
console.log(
  folder
    ? `Created prisma/migrations/${folder}/migration.sql`
    : "schema.prisma and the migrations agree: nothing to create.",
);
process.exit(0); // the schema engine leaves an idle timer behind
