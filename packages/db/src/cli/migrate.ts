// `pnpm db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database in WEFT_DATA_DIR.
import { openDatabase } from "../database";

const db = await openDatabase();
const where = db.target.kind === "postgres" ? "PostgreSQL" : `PGlite at ${db.target.dataDir}`;
console.log(
  db.appliedMigrations.length
    ? `Applied to ${where}:\n  ${db.appliedMigrations.join("\n  ")}`
    : `${where} is up to date.`,
);
await db.close();
process.exit(0); // the schema engine leaves an idle timer behind
