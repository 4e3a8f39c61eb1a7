-- Reads that stay constant-time at scale (issue 12): every list pages on an index (id breaks ties, so keyset pages
-- are exact), and a connection's run counts come from sync_job_count, kept by the triggers at the end of this file,
-- instead of a GROUP BY over all its jobs on every read.

-- DropIndex
DROP INDEX "source_connection_organization_id_collection_id_idx";

-- DropIndex
DROP INDEX "sync_job_connection_newest_idx";

-- DropIndex
DROP INDEX "webhook_message_org_newest_idx";

-- CreateTable
CREATE TABLE "sync_job_count" (
    "source_connection_id" UUID NOT NULL,
    "status" "sync_job_status" NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "sync_job_count_pkey" PRIMARY KEY ("source_connection_id","status")
);

-- CreateIndex
CREATE INDEX "collection_org_created_idx" ON "collection"("organization_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "source_connection_org_created_idx" ON "source_connection"("organization_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "source_connection_collection_created_idx" ON "source_connection"("collection_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "sync_job_connection_newest_idx" ON "sync_job"("source_connection_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "sync_job_connection_status_newest_idx" ON "sync_job"("source_connection_id", "status", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "webhook_message_org_newest_idx" ON "webhook_message"("organization_id", "created_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "sync_job_count" ADD CONSTRAINT "sync_job_count_source_connection_id_fkey" FOREIGN KEY ("source_connection_id") REFERENCES "source_connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The counts of the jobs that exist now.
INSERT INTO "sync_job_count" ("source_connection_id", "status", "count")
SELECT "source_connection_id", "status", count(*) FROM "sync_job" GROUP BY 1, 2;

-- Adds each delta to its (connection, status) row, in key order so two transactions never wait on each other in a
-- cycle.
CREATE FUNCTION "sync_job_count_apply"(deltas "sync_job_count"[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "sync_job_count" AS c ("source_connection_id", "status", "count")
  SELECT d."source_connection_id", d."status", sum(d."count") FROM unnest(deltas) d
  GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT ("source_connection_id", "status") DO UPDATE SET "count" = c."count" + EXCLUDED."count";
$$;

-- Inserts and deletes: one aggregate per statement (a bulk insert, or the cascade of a deleted connection, is one
-- update per status, not one per row).
CREATE FUNCTION "sync_job_count_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "sync_job_count_apply"(ARRAY(
    SELECT ROW("source_connection_id", "status", count(*))::"sync_job_count"
    FROM new_rows GROUP BY "source_connection_id", "status"));
  RETURN NULL;
END $$;

CREATE FUNCTION "sync_job_count_on_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Rows of a connection deleted in the same statement are gone already; updating them is a no-op.
  UPDATE "sync_job_count" c SET "count" = c."count" - d.n
  FROM (SELECT "source_connection_id", "status", count(*) AS n FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2) d
  WHERE c."source_connection_id" = d."source_connection_id" AND c."status" = d."status";
  RETURN NULL;
END $$;

-- Status changes: per row and only when the status changes, so heartbeats and progress updates cost nothing.
CREATE FUNCTION "sync_job_count_on_status"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "sync_job_count_apply"(ARRAY[
    ROW(OLD."source_connection_id", OLD."status", -1)::"sync_job_count",
    ROW(NEW."source_connection_id", NEW."status", 1)::"sync_job_count"]);
  RETURN NULL;
END $$;

CREATE TRIGGER "sync_job_count_insert" AFTER INSERT ON "sync_job"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "sync_job_count_on_insert"();
CREATE TRIGGER "sync_job_count_delete" AFTER DELETE ON "sync_job"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "sync_job_count_on_delete"();
CREATE TRIGGER "sync_job_count_status" AFTER UPDATE OF "status" ON "sync_job"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status") EXECUTE FUNCTION "sync_job_count_on_status"();
