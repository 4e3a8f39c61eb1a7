-- AlterTable
ALTER TABLE "sync_job" ADD COLUMN     "event_seq" INTEGER NOT NULL DEFAULT 0;
