// What a source type is: a named, self-describing generator of entities. The pipeline owns hashing, batching and
// storage; a source only reads its system and yields entities (or deletion markers) in order.
import type { z } from "zod";
import type { AccessPolicy } from "../access";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One record of the source system. `(type, id)` identifies it within a sync. */
export type SourceEntity = {
  kind: "entity";
  /** Entity type, e.g. "StubDocumentEntity", a table name, "TextFileEntity". */
  type: string;
  id: string;
  content: { [key: string]: JsonValue };
  /** Keys of `content` that change without the entity changing (fetched_at, …): left out of the hash. */
  volatileFields?: readonly string[];
};

/** The source says this entity no longer exists. */
type SourceDeletion = { kind: "deletion"; type: string; id: string };

/**
 * What a failed read leaves unknown: a full sync never deletes a stored entity inside it. Every given field must
 * match (`idPrefix`: the id starts with it). Without a scope, the failed item's own (type, id).
 */
export type FailedScope = { type?: string; id?: string; idPrefix?: string };

/** An entity (or a part of the source) that could not be read: counted as failed, the job goes on. */
type SourceEntityError = { kind: "error"; type: string; id: string; error: Error; scope?: FailedScope };

export type SourceItem = SourceEntity | SourceDeletion | SourceEntityError;

type SourceRunContext<Config> = {
  config: Config;
  /** Secrets kept apart from config (e.g. the PostgreSQL password). */
  credentials: Record<string, string>;
  /** The cursor saved by the last COMPLETED job, or null on a full sync / the first run. */
  cursor: JsonValue | null;
  /** Sets the cursor to save if this job COMPLETES; call it as the stream advances. */
  setCursor: (cursor: JsonValue) => void;
  /** Aborted on cancel or shutdown: stop reading and return. */
  signal: AbortSignal;
  /** Lets a source report how many entities it expects (for determinate progress bars). */
  setExpectedTotal: (total: number) => void;
  /** What the operator lets sources reach (addresses, directories): checked again at run time. */
  access: AccessPolicy;
};

/** A problem with one config field, e.g. `{ path: ["host"], message }`. */
type ConfigIssue = { path: string[]; message: string };

export type SourceDefinition<Schema extends z.ZodType = z.ZodType> = {
  shortName: string;
  name: string;
  description: string;
  /** Validates and defaults the connection's config. Fields marked secret go to credentials, never to config. */
  configSchema: Schema;
  /** Names of config fields that are secrets (stored as credentials, rendered as password fields). */
  secretFields: readonly string[];
  /** Entity type names this source emits (GET /v1/sources output_entity_definitions). */
  entityTypes: readonly string[];
  /** True when the source keeps a cursor: runs are incremental unless force_full_sync. */
  supportsContinuous: boolean;
  /** The field the cursor tracks, for a connection with this config (e.g. "updated_at"), or null if none. */
  cursorField?(config: z.infer<Schema>): string | null;
  read(ctx: SourceRunContext<z.infer<Schema>>): AsyncIterable<SourceItem>;
  /** Save-time check of a parsed config against what the operator allows (addresses, directories). */
  checkAccess?(config: z.infer<Schema>, access: AccessPolicy): Promise<ConfigIssue[]>;
  /** Config fields a stored secret was entered for: changing one drops the stored secrets unless new ones are given. */
  secretsBoundTo?: readonly string[];
  /** Per config field, a sentence about what this server allows (shown with the field's description). */
  accessNotes?(access: AccessPolicy): Record<string, string>;
};

/** A source error that fails the job (as opposed to one entity): auth, connection, configuration. */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly category:
      | "source_error"
      | "source_config"
      | "source_auth"
      | "source_unreachable"
      | "blocked_destination"
      | "timeout" = "source_error",
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SourceError";
  }
}
