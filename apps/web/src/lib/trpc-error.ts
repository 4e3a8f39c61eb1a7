// What the UI needs from a failed tRPC call: its code, a message for people, and field issues by path.
import { TRPCClientError } from "@trpc/client";

export type FieldIssue = { path: (string | number)[]; message: string };
export type ErrorInfo = { code: string | null; message: string; issues: FieldIssue[] };

type ErrorData = { code?: string; issues?: FieldIssue[] | null } | undefined;

export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof TRPCClientError) {
    const data = error.data as ErrorData;
    const issues = Array.isArray(data?.issues) ? data.issues : [];
    const message = issues.length ? issues.map((i) => i.message).join("; ") : error.message;
    return { code: data?.code ?? null, message, issues };
  }
  return { code: null, message: error instanceof Error ? error.message : String(error), issues: [] };
}

/** Issues keyed by their dotted path ("config.entity_count", "schedule.cron", "name"). */
export function issuesByPath(issues: FieldIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.join(".");
    out[key] = out[key] ? `${out[key]}; ${issue.message}` : issue.message;
  }
  return out;
}
