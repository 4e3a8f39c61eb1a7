// Hostile tenants (issue 9, items 1 and 2), over real HTTP with nothing but one organization's API key: a tenant may
// not point a postgresql connection at the server's own network (in any spelling, at save time or by changing the
// address later), may not read the server's files outside the operator's roots, and a stored password never reaches
// a host it was not entered for. The operator allows exactly 127.0.0.2 and 127.0.0.3 (where fake servers listen) and
// one temporary directory.
import { lookup } from "node:dns/promises";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { testBackend } from "@weft/db/testing";
import { createAccessPolicy, restrictedRange, parseHost } from "@weft/engine";
import { startFakePostgres, type FakePostgres } from "./testing/fake-postgres";
import { clientFor, createCollection, run, waitFor, type Answer, type Client } from "./testing/http";
import { startRestServer, type RestServer } from "./testing/serve";
import { JOB } from "@weft/job-model";

const LOOPBACK_AND_PRIVATE = [
  "127.0.0.1",
  "127.1",
  "0x7f000001",
  "2130706433",
  "017700000001",
  "0177.0.0.1",
  "[::ffff:127.0.0.1]",
  "::ffff:127.0.0.1",
  "::ffff:7f00:1",
  "::127.0.0.1",
  "::1",
  "[::1]",
  "localhost",
  "LOCALHOST.",
  "db.localhost",
  "0.0.0.0",
  "0",
  "::",
  "169.254.169.254",
  "10.0.0.5",
  "172.16.0.1",
  "192.168.1.1",
  "100.64.0.1",
  "fd00::1",
  "fe80::1",
  "224.0.0.1",
  "255.255.255.255",
  "240.0.0.1",
  "64:ff9b::7f00:1",
  "/var/run/postgresql",
  "/tmp",
];

let server: RestServer;
let api: Client;
let collection: string;
let root: string;
let outside: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "weft-hostile-root-"));
  outside = await mkdtemp(join(tmpdir(), "weft-hostile-outside-"));
  const access = createAccessPolicy({ outboundAllow: ["127.0.0.2", "127.0.0.3"], filesystemRoots: [root] });
  server = await startRestServer("hostile", { engine: { access } });
  api = clientFor(server, await server.keyFor("hostile-org"));
  collection = (await createCollection(api, "Hostile collection")).readable_id;
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const create = (shortName: string, config: Record<string, unknown>, credentials?: Record<string, string>) =>
  api("POST", "/source-connections", {
    body: {
      short_name: shortName,
      readable_collection_id: collection,
      config,
      sync_immediately: false,
      ...(credentials ? { authentication: { credentials } } : {}),
    },
  });

const pgConfig = (host: string, port = 5432) => ({ host, port, database: "postgres", user: "postgres" });

/** A 422 naming `config.<field>` and the variable that would allow it. */
function expectRefused(answer: Answer, field: string, variable: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(422);
  const issue = answer.body.detail.find((i: { loc: string[] }) => i.loc.join(".") === `body.config.${field}`);
  expect(issue, JSON.stringify(answer.body)).toBeDefined();
  expect(issue.msg).toContain(variable);
}

async function runToEnd(id: string) {
  const job = await run(api, id);
  return waitFor(server, job.id, [JOB.COMPLETED, JOB.FAILED, JOB.CANCELLED]);
}

describe(`hostile tenants: postgresql destinations (${testBackend})`, () => {
  it("refuses every loopback, private, link-local, reserved and socket spelling at create time, naming field and variable", async () => {
    const answers: string[] = [];
    for (const host of LOOPBACK_AND_PRIVATE) {
      const answer = await create("postgresql", pgConfig(host));
      answers.push(`${host} → ${answer.status}`);
      expectRefused(answer, "host", "WEFT_OUTBOUND_ALLOW");
    }
    console.log(`[save] ${answers.join(", ")}`);
    // The default host (127.0.0.1) is refused too: nothing local is reachable by default.
    expectRefused(
      await create("postgresql", { database: "postgres", user: "postgres" }),
      "host",
      "WEFT_OUTBOUND_ALLOW",
    );
  });

  it("refuses the same spellings on update, and keeps the stored config", async () => {
    const created = await create("postgresql", pgConfig("db.example.com"));
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    for (const host of LOOPBACK_AND_PRIVATE) {
      expectRefused(
        await api("PATCH", `/source-connections/${created.body.id}`, { body: { config: { host } } }),
        "host",
        "WEFT_OUTBOUND_ALLOW",
      );
    }
    expect((await api("GET", `/source-connections/${created.body.id}`)).body.config.host).toBe("db.example.com");
  });

  it("accepts public names and addresses, and the operator's allowances", async () => {
    for (const host of ["db.example.com", "8.8.8.8", "2001:4860:4860::8888", "127.0.0.2", "[::ffff:127.0.0.3]"]) {
      const answer = await create("postgresql", pgConfig(host));
      expect(answer.status, `${host}: ${JSON.stringify(answer.body)}`).toBe(200);
    }
  });

  it("refuses user and database names that are not plain identifiers", async () => {
    expect((await create("postgresql", { ...pgConfig("db.example.com"), user: "a b" })).status).toBe(422);
    expect((await create("postgresql", { ...pgConfig("db.example.com"), database: "x".repeat(64) })).status).toBe(422);
    expect((await create("postgresql", { ...pgConfig("db.example.com"), database: "db'; --" })).status).toBe(422);
  });

  it("fails a job FAILED blocked_destination when the stored address changed to a local one after saving", async () => {
    const created = await create("postgresql", pgConfig("db.example.com"));
    const hosts = [
      "localhost",
      "127.1",
      "0x7f000001",
      "[::ffff:127.0.0.1]",
      "::1",
      "169.254.169.254",
      "/var/run/postgresql",
    ];
    // The machine's own name resolves (through /etc/hosts) to one of its local addresses: checked after resolution.
    const self = await lookup(hostname()).catch(() => null);
    if (
      self &&
      restrictedRange((parseHost(self.address) as { kind: "ip"; ip: Parameters<typeof restrictedRange>[0] }).ip)
    )
      hosts.push(hostname());
    const results: string[] = [];
    for (const host of hosts) {
      const stored = await server.engine.db.prisma.sourceConnection.findUniqueOrThrow({
        where: { id: created.body.id },
      });
      await server.engine.db.prisma.sourceConnection.update({
        where: { id: created.body.id },
        data: { config: { ...(stored.config as object), host } },
      });
      const job = await runToEnd(created.body.id);
      results.push(`${host} → ${job.status} ${job.errorCategory}`);
      expect(job, host).toMatchObject({ status: JOB.FAILED, errorCategory: "blocked_destination" });
      expect(job.error).toContain("WEFT_OUTBOUND_ALLOW");
    }
    console.log(`[connect] ${results.join(", ")}`);
  });
});

describe(`hostile tenants: a stored password never reaches another host (${testBackend})`, () => {
  let original: FakePostgres;
  let moved: FakePostgres;
  let pgpass: string;
  beforeAll(async () => {
    original = await startFakePostgres("127.0.0.3");
    moved = await startFakePostgres("127.0.0.2");
    pgpass = join(outside, "pgpass");
    await writeFile(pgpass, "*:*:*:*:from-pgpass\n", { mode: 0o600 });
    // The server's environment must not leak into a tenant's connection (pg reads these for every missing option).
    vi.stubEnv("PGPASSWORD", "from-env");
    vi.stubEnv("PGPASSFILE", pgpass);
    vi.stubEnv("PGOPTIONS", "-c application_name=from-env");
  });
  afterEach(() => {
    original.logins.length = 0;
    moved.logins.length = 0;
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await original?.close();
    await moved?.close();
  });

  it("sends the password to the host it was entered for, and none after host, port, user or database change", async () => {
    const password = "hunter2-only-for-original";
    const created = await create(
      "postgresql",
      { ...pgConfig(original.host, original.port), user: "reader", database: "app" },
      { password },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(await runToEnd(created.body.id)).toMatchObject({ status: JOB.FAILED, errorCategory: "source_auth" });
    expect(original.logins).toEqual([
      { startup: expect.objectContaining({ user: "reader", database: "app" }), password },
    ]);
    expect(original.logins[0]?.startup).not.toHaveProperty("options");
    original.logins.length = 0;

    const changes = [{ host: moved.host, port: moved.port }, { user: "other" }, { database: "other" }];
    for (const change of changes) {
      const patched = await api("PATCH", `/source-connections/${created.body.id}`, { body: { config: change } });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      const job = await runToEnd(created.body.id);
      expect(job, JSON.stringify(change)).toMatchObject({ status: JOB.FAILED, errorCategory: "source_auth" });
      expect(job.error).toContain("has none");
    }
    // Every login after the change reached the moved server and carried no password at all (not the stored one,
    // not PGPASSWORD, not the pgpass file's).
    expect(moved.logins).toHaveLength(3);
    for (const login of moved.logins) expect(login.password).toBeNull();
    expect(original.logins).toHaveLength(0);

    // A new password given with the change is used.
    await api("PATCH", `/source-connections/${created.body.id}`, {
      body: { config: { user: "third" }, authentication: { credentials: { password: "new-one" } } },
    });
    await runToEnd(created.body.id);
    expect(moved.logins.at(-1)).toMatchObject({ startup: { user: "third" }, password: "new-one" });
  });
});

describe(`hostile tenants: filesystem roots (${testBackend})`, () => {
  beforeAll(async () => {
    await mkdir(join(root, "docs"));
    await writeFile(join(root, "docs", "readme.md"), "inside\n");
    await writeFile(join(outside, "secret.txt"), "outside the root\n");
    await symlink("/etc", join(root, "etc-link"));
    await symlink(outside, join(root, "docs", "outside-dir"));
    await symlink(join(outside, "secret.txt"), join(root, "docs", "secret-link.txt"));
  });

  it("refuses /etc, /, .. escapes, /proc and a symlink out of the root at save time, naming field and variable", async () => {
    const attempts = [
      "/etc",
      "/",
      "/proc/self",
      `${root}/..`,
      `${root}/docs/../../etc`,
      `${root}/etc-link`,
      `${root}/docs/outside-dir`,
      outside,
    ];
    const answers: string[] = [];
    for (const path of attempts) {
      const answer = await create("filesystem", { path });
      answers.push(`${path} → ${answer.status}`);
      expectRefused(answer, "path", "WEFT_FILESYSTEM_ROOTS");
    }
    console.log(`[fs save] ${answers.join(", ")}`);
    expect((await create("filesystem", { path: `${root}/docs/../docs` })).status).toBe(200);
  });

  it("never follows a symlink out of the root while walking", async () => {
    const created = await create("filesystem", { path: root });
    const job = await runToEnd(created.body.id);
    expect(job).toMatchObject({ status: JOB.COMPLETED, entitiesInserted: 1, entitiesFailed: 0 });
    const stored = await server.engine.db.prisma.entity.findMany({
      where: { syncId: job.syncId },
      select: { entityId: true },
    });
    expect(stored.map((e) => e.entityId).sort()).toEqual(["docs/readme.md"]);
  });

  it("fails the job FAILED blocked_destination when the saved directory became a link out of the root", async () => {
    await mkdir(join(root, "swap"));
    const created = await create("filesystem", { path: join(root, "swap") });
    expect(created.status).toBe(200);
    await rm(join(root, "swap"), { recursive: true });
    await symlink(outside, join(root, "swap"));
    const job = await runToEnd(created.body.id);
    expect(job).toMatchObject({ status: JOB.FAILED, errorCategory: "blocked_destination" });
    expect(job.error).toContain("WEFT_FILESYSTEM_ROOTS");
  });

  it("tells the form which directories are allowed", async () => {
    const source = await api("GET", "/sources/filesystem");
    const path = source.body.config_fields.fields.find((f: { name: string }) => f.name === "path");
    expect(path.description).toContain(root);
    expect(path.description).toContain("WEFT_FILESYSTEM_ROOTS");
  });
});
