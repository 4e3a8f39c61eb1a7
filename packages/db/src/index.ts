export {
  closeDatabase,
  defaultTarget,
  getDatabase,
  openDatabase,
  type Database,
  type DatabaseTarget,
} from "./database";
export { ACTIVE_JOB_INDEX, asActiveJobConflict, COLLECTION_READABLE_ID_KEY, isUniqueViolation } from "./errors";
export { isDatabaseUnavailable, withDatabaseRetry, type RetryOptions } from "./unavailable";
export * from "./secrets/index";
export { DataDirLockedError } from "./data-dir-lock";
export { Prisma, PrismaClient, SyncJobStatus, SyncStatus } from "./generated/prisma/client";
export type * from "./generated/prisma/models";
export type {
  SyncJobModel as SyncJob,
  SyncJobEventModel as SyncJobEvent,
  SourceConnectionModel as SourceConnection,
  CollectionModel as Collection,
  SyncModel as Sync,
} from "./generated/prisma/models";
