// The built app's logs (JSON lines, stdout not a terminal, WEFT_LOG_LEVEL=debug): lines about a job carry its ids,
// HTTP lines carry a request id, and a postgresql job's known password and the API keys sent never appear.
import pg from "pg";
import { createScratchPostgres, LOCAL_POSTGRES_URL, localPostgresUnavailable } from "@weft/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOT_BUILT_MESSAGE, startBuiltWeb, webIsBuilt, type BuiltWeb } from "./testing/built-server";

const SERVER_URL = LOCAL_POSTGRES_URL;
const unavailable = await localPostgresUnavailable();
if (unavailable) console.log(`log tests skipped: no PostgreSQL at 127.0.0.1:5432 for the source (${unavailable})`);
const reachable = webIsBuilt && unavailable === null;
if (!webIsBuilt) console.log(`log tests skipped: ${NOT_BUILT_MESSAGE}`);

const PASSWORD = "Known-Pa55word-9f3c1e";
const WRONG_KEY = "weft_KnownButWrongKey_0123456789abcdefXYZ";

type Line = Record<string, unknown> & { msg?: string };

describe.skipIf(!reachable)("structured logs of the built app", () => {
  let web: BuiltWeb;
  let scratch: { url: string; drop(): Promise<void> };
  let key = "";

  beforeAll(async () => {
    scratch = await createScratchPostgres(SERVER_URL, "logsource");
    const source = new pg.Client({ connectionString: scratch.url });
    await source.connect();
    await source.query(
      "CREATE TABLE customers (id int PRIMARY KEY, name text); INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 20) g",
    );
    await source.end();
    web = await startBuiltWeb({ env: { WEFT_LOG_LEVEL: "debug", WEFT_OUTBOUND_ALLOW: "127.0.0.1" } });
    key = web.demoKey ?? "";
  });
  afterAll(async () => {
    await web?.stop();
    await scratch?.drop();
  });

  it("binds job and request ids, and never writes the password or an API key", async () => {
    const headers = { "x-api-key": key, "content-type": "application/json" };
    const post = async (path: string, body: unknown) =>
      (await fetch(`${web.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) })).json() as Promise<
        Record<string, unknown>
      >;
    const { readable_id } = (await post("/v1/collections", { name: "Logs" })) as { readable_id: string };
    const database = new URL(scratch.url).pathname.slice(1);
    const base = { host: "127.0.0.1", port: 5432, user: "postgres", password: PASSWORD };
    const good = (await post("/v1/source-connections", {
      name: "PG",
      short_name: "postgresql",
      readable_collection_id: readable_id,
      config: { ...base, database },
    })) as { id: string; sync: { last_job: { id: string } } };
    // A second one that fails (no such database): its error path is logged too.
    const bad = (await post("/v1/source-connections", {
      name: "PG missing",
      short_name: "postgresql",
      readable_collection_id: readable_id,
      config: { ...base, database: `${database}_missing` },
    })) as { sync: { last_job: { id: string } } };
    const status = async (id: string) =>
      (
        (await (
          await fetch(`${web.url}/v1/sync/jobs/${id}`, { headers: { authorization: `Bearer ${key}` } })
        ).json()) as { status: string }
      ).status;
    for (const [id, end] of [
      [good.sync.last_job.id, "completed"],
      [bad.sync.last_job.id, "failed"],
    ] as const) {
      for (let i = 0; i < 300 && (await status(id)) !== end; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await status(id)).toBe(end);
    }
    expect((await fetch(`${web.url}/v1/collections`, { headers: { "x-api-key": WRONG_KEY } })).status).toBe(401);
    expect(
      (
        await fetch(`${web.url}/v1/collections`, {
          headers: { "x-request-id": "client-chosen-id-42", "x-api-key": key },
        })
      ).headers.get("x-request-id"),
    ).toBe("client-chosen-id-42");
    await new Promise((r) => setTimeout(r, 300)); // the last lines reach the pipe

    const output = web.output();
    const lines = output
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Line);
    const aboutJob = lines.filter((l) => l.job_id === good.sync.last_job.id);
    expect(aboutJob.map((l) => l.msg)).toEqual(expect.arrayContaining(["job running", "job config", "job completed"]));
    for (const line of aboutJob)
      expect(line).toMatchObject({ organization_id: expect.any(String), source_connection_id: good.id });
    expect(lines.some((l) => l.job_id === bad.sync.last_job.id && l.msg === "job failed")).toBe(true);
    // The job config line is there (the password lives sealed in the credentials; were it in a logged object, it
    // would read "[redacted]": log.test.ts).
    const config = aboutJob.find((l) => l.msg === "job config")?.config as Record<string, unknown> | undefined;
    expect(config).toMatchObject({ host: "127.0.0.1", database });
    expect(config?.password ?? "[redacted]").toBe("[redacted]");
    const requests = lines.filter((l) => l.scope === "http");
    expect(requests.length).toBeGreaterThan(5);
    for (const line of requests) expect(line.request_id).toEqual(expect.any(String));
    expect(requests.some((l) => l.request_id === "client-chosen-id-42" && l.status === 200)).toBe(true);

    // Nothing anywhere in the output holds a secret, apart from the first-start banner that shows the demo key once.
    const banner = output.split("\n").filter((l) => l.includes("Demo API key:"));
    expect(banner).toHaveLength(1);
    const rest = output
      .split("\n")
      .filter((l) => !l.includes("Demo API key:"))
      .join("\n");
    expect(rest).not.toContain(PASSWORD);
    expect(rest).not.toContain(key);
    expect(rest).not.toContain(WRONG_KEY);
  });
});
