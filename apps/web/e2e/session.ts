// What a test file needs from the shared app: its URL, the CLI key, fetch helpers, and data made through the REST API
// (for pages that need a connection or a job to show, where making them is not what the test is about).
import { inject } from "vitest";
import { appClient, type AppInfo, type E2eApp } from "./app";
import { waitUntil } from "./harness";

export type TestApp = AppInfo & Pick<E2eApp, "api" | "json">;
export type RestJob = {
  id: string;
  status: string;
  entities_inserted: number;
  entities_updated: number;
  entities_deleted: number;
  entities_failed: number;
};

/** The app the global setup started. */
export function testApp(): TestApp {
  const info = inject("app");
  return { ...info, ...appClient(info) };
}

/** A collection named `name`; its readable id. */
export async function createCollection(app: TestApp, name: string): Promise<string> {
  return (await app.json<{ readable_id: string }>("/v1/collections", { method: "POST", body: { name } })).readable_id;
}

/** POST /v1/source-connections; its id. */
export async function createConnectionViaApi(
  app: TestApp,
  input: {
    collection: string;
    name: string;
    shortName: string;
    config: Record<string, unknown>;
    syncImmediately: boolean;
  },
): Promise<string> {
  const body = {
    name: input.name,
    short_name: input.shortName,
    readable_collection_id: input.collection,
    config: input.config,
    sync_immediately: input.syncImmediately,
  };
  return (await app.json<{ id: string }>("/v1/source-connections", { method: "POST", body })).id;
}

/** The connection's newest job once its status is one of `statuses`. */
export async function waitForJobViaApi(
  app: TestApp,
  connectionId: string,
  statuses: string[],
  timeoutMs = 60_000,
): Promise<RestJob> {
  const job = await waitUntil(
    async () => (await app.json<RestJob[]>(`/v1/source-connections/${connectionId}/jobs?limit=1`))[0],
    (j) => j !== undefined && statuses.includes(j.status),
    `a job of ${connectionId} in ${statuses.join("/")}`,
    timeoutMs,
    200,
  );
  if (!job) throw new Error("unreachable: no job");
  return job;
}
