-- AlterTable
ALTER TABLE "entity" ADD COLUMN     "seen_run" UUID;

-- CreateTable
CREATE TABLE "entity_type_count" (
    "sync_id" UUID NOT NULL,
    "entity_type" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "last_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entity_type_count_pkey" PRIMARY KEY ("sync_id","entity_type")
);

-- CreateTable
CREATE TABLE "sync_batch" (
    "run_id" UUID NOT NULL,
    "batch_no" INTEGER NOT NULL,
    "job_id" UUID NOT NULL,
    "counts" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_batch_pkey" PRIMARY KEY ("run_id","batch_no")
);

-- CreateIndex
CREATE INDEX "sync_batch_job_id_idx" ON "sync_batch"("job_id");

-- AddForeignKey
ALTER TABLE "entity_type_count" ADD CONSTRAINT "entity_type_count_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "sync"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_batch" ADD CONSTRAINT "sync_batch_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "sync_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the counts of the entities stored before the pipeline kept them.
INSERT INTO "entity_type_count" ("sync_id", "entity_type", "count", "last_updated")
SELECT "sync_id", "entity_type", count(*)::int, max("updated_at") FROM "entity" GROUP BY "sync_id", "entity_type";
