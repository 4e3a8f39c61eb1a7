// The /v1 shapes the CLI reads (CONTRACT.md): only the fields it shows.
import { END_STATUSES as END_STATUSES_UPPER, toPublicStatus, type PublicStatus } from "@weft/job-model";
export type ConnectionItem = {
  id: string;
  name: string;
  short_name: string;
  readable_collection_id: string;
  status: string;
  entity_count: number;
};

export type ConnectionJob = {
  id: string;
  source_connection_id: string;
  status: string;
  started_at: string | null;
  completed_at: string | null;
  duration_seconds: number | null;
  entities_inserted: number;
  entities_updated: number;
  entities_deleted: number;
  entities_failed: number;
  error: string | null;
};

export type JobDetail = ConnectionJob & {
  organization_id: string;
  sync_name: string;
  entities_kept: number;
  entities_skipped: number;
  entities_encountered: Record<string, number>;
  failed_at: string | null;
  error_category: string | null;
  created_at?: string;
};

/** A progress frame of /v1/sync/job/{id}/subscribe (lowercase status, `in_progress` for RUNNING). */
export type ProgressFrame = {
  type: "progress";
  status: string;
  entities_inserted: number;
  entities_updated: number;
  entities_deleted: number;
  entities_kept: number;
  entities_skipped: number;
  entities_failed: number;
  expected_total?: number;
};

/** The end statuses as the job detail spells them, from @weft/job-model (never a second list). */
const END_STATUSES: readonly string[] = END_STATUSES_UPPER.map(toPublicStatus);
export type EndStatus = Extract<PublicStatus, "completed" | "failed" | "cancelled">;

export function isEndStatus(status: string): status is EndStatus {
  return END_STATUSES.includes(status.toLowerCase());
}

export function processed(frame: Omit<ProgressFrame, "type" | "status" | "expected_total">): number {
  return (
    frame.entities_inserted +
    frame.entities_updated +
    frame.entities_deleted +
    frame.entities_kept +
    frame.entities_skipped +
    frame.entities_failed
  );
}
