-- CreateEnum
CREATE TYPE "sync_status" AS ENUM ('active', 'paused');

-- CreateEnum
CREATE TYPE "sync_job_status" AS ENUM ('CREATED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLING', 'CANCELLED');

-- CreateTable
CREATE TABLE "organization" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organization_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collection" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organization_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "readable_id" TEXT NOT NULL,
    "created_by_email" TEXT,
    "modified_by_email" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "collection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "source_connection" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organization_id" UUID NOT NULL,
    "collection_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "short_name" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "credentials" JSONB,
    "created_by_email" TEXT,
    "modified_by_email" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "source_connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "source_connection_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "cron" TEXT,
    "status" "sync_status" NOT NULL DEFAULT 'active',
    "next_run_at" TIMESTAMPTZ(3),
    "cursor" JSONB,
    "cursor_updated_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_job" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "sync_id" UUID NOT NULL,
    "source_connection_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "status" "sync_job_status" NOT NULL DEFAULT 'PENDING',
    "scheduled" BOOLEAN NOT NULL DEFAULT false,
    "force_full_sync" BOOLEAN NOT NULL DEFAULT false,
    "entities_inserted" INTEGER NOT NULL DEFAULT 0,
    "entities_updated" INTEGER NOT NULL DEFAULT 0,
    "entities_deleted" INTEGER NOT NULL DEFAULT 0,
    "entities_kept" INTEGER NOT NULL DEFAULT 0,
    "entities_skipped" INTEGER NOT NULL DEFAULT 0,
    "entities_failed" INTEGER NOT NULL DEFAULT 0,
    "entities_encountered" JSONB NOT NULL DEFAULT '{}',
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "error" TEXT,
    "error_category" TEXT,
    "error_details" JSONB,
    "sync_config" JSONB,
    "sync_metadata" JSONB,
    "created_by_email" TEXT,
    "modified_by_email" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "modified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "lease_owner" TEXT,
    "heartbeat_at" TIMESTAMPTZ(3),

    CONSTRAINT "sync_job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_job_event" (
    "id" BIGSERIAL NOT NULL,
    "job_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_job_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule_run" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "sync_id" UUID NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "job_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schedule_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entity" (
    "sync_id" UUID NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "last_job_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entity_pkey" PRIMARY KEY ("sync_id","entity_type","entity_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organization_name_key" ON "organization"("name");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_secret_hash_key" ON "api_key"("secret_hash");

-- CreateIndex
CREATE INDEX "api_key_organization_id_idx" ON "api_key"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "collection_organization_id_readable_id_key" ON "collection"("organization_id", "readable_id");

-- CreateIndex
CREATE INDEX "source_connection_organization_id_collection_id_idx" ON "source_connection"("organization_id", "collection_id");

-- CreateIndex
CREATE UNIQUE INDEX "sync_source_connection_id_key" ON "sync"("source_connection_id");

-- CreateIndex
CREATE INDEX "sync_next_run_at_idx" ON "sync"("next_run_at");

-- CreateIndex
CREATE INDEX "sync_job_connection_newest_idx" ON "sync_job"("source_connection_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "sync_job_org_newest_idx" ON "sync_job"("organization_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "sync_job_lease_scan_idx" ON "sync_job"("status", "heartbeat_at");

-- CreateIndex
CREATE UNIQUE INDEX "sync_job_event_job_id_seq_key" ON "sync_job_event"("job_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "schedule_run_sync_id_due_at_key" ON "schedule_run"("sync_id", "due_at");

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collection" ADD CONSTRAINT "collection_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "source_connection" ADD CONSTRAINT "source_connection_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "source_connection" ADD CONSTRAINT "source_connection_collection_id_fkey" FOREIGN KEY ("collection_id") REFERENCES "collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync" ADD CONSTRAINT "sync_source_connection_id_fkey" FOREIGN KEY ("source_connection_id") REFERENCES "source_connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_job" ADD CONSTRAINT "sync_job_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_job" ADD CONSTRAINT "sync_job_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "sync"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_job" ADD CONSTRAINT "sync_job_source_connection_id_fkey" FOREIGN KEY ("source_connection_id") REFERENCES "source_connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_job_event" ADD CONSTRAINT "sync_job_event_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "sync_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_run" ADD CONSTRAINT "schedule_run_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "sync"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_run" ADD CONSTRAINT "schedule_run_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "sync_job"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entity" ADD CONSTRAINT "entity_sync_id_fkey" FOREIGN KEY ("sync_id") REFERENCES "sync"("id") ON DELETE CASCADE ON UPDATE CASCADE;
