// Prisma CLI configuration: only `prisma generate` runs through the CLI here; migrations go through packages/db.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "../../prisma/schema.prisma",
  migrations: { path: "../../prisma/migrations" },
});
