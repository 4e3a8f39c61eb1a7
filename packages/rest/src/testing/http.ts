// A small JSON client for /v1 tests over real HTTP, plus the fixtures most tests start from (collection, stub
// connection, a run waited to an end state).
import { waitForJob } from "@weft/engine/testing";
import type { JobStatus } from "@weft/job-model";
import type { RestServer } from "./serve";

export type Answer<T = any> = { status: number; body: T; headers: Headers };
type Options = { body?: unknown; raw?: string; headers?: Record<string, string>; key?: string | null };

export type Client = {
  <T = any>(method: string, path: string, options?: Options): Promise<Answer<T>>;
  key: string;
};

/** `client("POST", "/collections", { body })` → status and parsed JSON (text when it is not JSON). */
export function clientFor(server: RestServer, key: string): Client {
  const call = async (method: string, path: string, options: Options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const apiKey = options.key === undefined ? key : options.key;
    if (apiKey !== null) headers["x-api-key"] = apiKey;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers["content-type"] ??= "application/json";
    const response = await fetch(`${server.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as any, headers: response.headers };
  };
  return Object.assign(call, { key });
}

let counter = 0;
export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export async function createCollection(
  client: Client,
  name = "Test collection",
): Promise<{ readable_id: string; id: string }> {
  const answer = await client("POST", "/collections", { body: { name, readable_id: uniqueId("col") } });
  if (answer.status !== 200) throw new Error(`create collection: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A source connection (stub unless said otherwise) that does not run until asked. */
export async function createConnection(
  client: Client,
  readableId: string,
  config: Record<string, unknown>,
  shortName = "stub",
): Promise<{ id: string }> {
  const answer = await client("POST", "/source-connections", {
    body: { short_name: shortName, readable_collection_id: readableId, config, sync_immediately: false },
  });
  if (answer.status !== 200) throw new Error(`create connection: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function run(client: Client, connectionId: string): Promise<{ id: string; status: string }> {
  const answer = await client("POST", `/source-connections/${connectionId}/run`);
  if (answer.status !== 200) throw new Error(`run: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export function waitFor(server: RestServer, jobId: string, statuses: JobStatus[], timeoutMs = 60_000) {
  return waitForJob(server.engine.db.prisma, jobId, statuses, timeoutMs);
}
