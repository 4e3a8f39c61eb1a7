// WEFT_FILESYSTEM_ROOTS and WEFT_OUTBOUND_ALLOW as an operator sets them: in the environment of `next start`, read
// once by env.ts, enforced on /v1 and described to the form. Unset, every directory and every local address is refused.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOT_BUILT_MESSAGE, startBuiltWeb, webIsBuilt, type BuiltWeb } from "./testing/built-server";
import { PUBLIC_STATUS } from "@weft/job-model";

if (!webIsBuilt) console.log(`access-env tests skipped: ${NOT_BUILT_MESSAGE}`);

async function call(web: BuiltWeb, method: string, path: string, body?: unknown) {
  const headers = { "x-api-key": web.demoKey ?? "", "content-type": "application/json" };
  const response = await fetch(`${web.url}/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const connection = (collection: string, shortName: string, config: unknown) => ({
  short_name: shortName,
  readable_collection_id: collection,
  config,
  sync_immediately: false,
});
const pathHelp = async (web: BuiltWeb) =>
  (await call(web, "GET", "/sources/filesystem")).body.config_fields.fields.find(
    (f: { name: string }) => f.name === "path",
  ).description as string;

describe.skipIf(!webIsBuilt)("operator allowances under next start", () => {
  let open: BuiltWeb;
  let closed: BuiltWeb;
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "weft-allowed-"));
    await mkdir(join(root, "docs"));
    await writeFile(join(root, "docs", "a.md"), "# A\n");
    [open, closed] = await Promise.all([
      startBuiltWeb({
        env: { WEFT_FILESYSTEM_ROOTS: `${root}, /nonexistent-root`, WEFT_OUTBOUND_ALLOW: "127.0.0.2,10.0.0.0/8" },
      }),
      startBuiltWeb(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), closed?.stop()]);
    await rm(root, { recursive: true, force: true });
  });

  it("with nothing set: every directory and local address refused, and the form says how to allow a directory", async () => {
    const { readable_id: collection } = (await call(closed, "POST", "/collections", { name: "Closed server" })).body;
    const files = await call(
      closed,
      "POST",
      "/source-connections",
      connection(collection, "filesystem", { path: root }),
    );
    expect(files.status).toBe(422);
    expect(JSON.stringify(files.body)).toContain("WEFT_FILESYSTEM_ROOTS=");
    const local = await call(
      closed,
      "POST",
      "/source-connections",
      connection(collection, "postgresql", { host: "127.0.0.2", database: "d", user: "u" }),
    );
    expect(local.status).toBe(422);
    expect(await pathHelp(closed)).toMatch(/allows no directory yet.*WEFT_FILESYSTEM_ROOTS=/);
  });

  it("with roots and allowances set: inside a root syncs, outside is refused; listed addresses pass", async () => {
    const { readable_id: collection } = (await call(open, "POST", "/collections", { name: "Open server" })).body;
    expect(await pathHelp(open)).toContain(root);
    expect(
      (await call(open, "POST", "/source-connections", connection(collection, "filesystem", { path: "/etc" }))).status,
    ).toBe(422);
    const created = await call(
      open,
      "POST",
      "/source-connections",
      connection(collection, "filesystem", { path: join(root, "docs") }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const job = (await call(open, "POST", `/source-connections/${created.body.id}/run`)).body;
    let detail = job;
    for (
      let i = 0;
      i < 200 &&
      !([PUBLIC_STATUS.COMPLETED, PUBLIC_STATUS.FAILED] as string[]).includes(String(detail.status).toLowerCase());
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
      detail = (await call(open, "GET", `/sync/jobs/${job.id}`)).body;
    }
    expect(detail).toMatchObject({ entities_inserted: 1 });
    for (const host of ["127.0.0.2", "10.1.2.3"]) {
      expect(
        (
          await call(
            open,
            "POST",
            "/source-connections",
            connection(collection, "postgresql", { host, database: "d", user: "u" }),
          )
        ).status,
        host,
      ).toBe(200);
    }
    expect(
      (
        await call(
          open,
          "POST",
          "/source-connections",
          connection(collection, "postgresql", { host: "127.0.0.1", database: "d", user: "u" }),
        )
      ).status,
    ).toBe(422);
  });
});
