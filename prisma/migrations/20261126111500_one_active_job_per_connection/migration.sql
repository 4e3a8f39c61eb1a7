-- One active job per source connection, enforced by the database so concurrent "run" requests cannot both start one.
-- Prisma's schema language cannot express a partial index, and the drift check ignores it (the partialIndexes preview is off).
CREATE UNIQUE INDEX "sync_job_one_active_per_connection"
  ON "sync_job" ("source_connection_id")
  WHERE "status" IN ('PENDING', 'RUNNING', 'CANCELLING');
