export { exceptionStubConfigSchema, exceptionStubSource, type ExceptionStubConfig } from "./exception-stub";
export { filesystemConfigSchema, filesystemSource, type FilesystemConfig, type FilesystemCursor } from "./filesystem";
export {
  incrementalStubConfigSchema,
  incrementalStubSource,
  type IncrementalStubConfig,
  type IncrementalStubCursor,
} from "./incremental-stub";
export { postgresqlConfigSchema, postgresqlSource, type PostgresqlConfig, type PostgresqlCursor } from "./postgresql";
export { getSource, sources } from "./registry";
export { stubConfigSchema, stubSource, type StubConfig } from "./stub";
export { generateStubEntity, STUB_ENTITY_TYPES } from "./stub-content";
export * from "./types";
