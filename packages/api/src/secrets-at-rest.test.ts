// A password given to a postgresql connection is nowhere in the raw database (PGlite's files after close, or a
// pg_dump of PostgreSQL), and the job still sends it to the server it was entered for.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@weft/config";
import { createApiKey, ensureOrganization } from "@weft/auth";
import { openCredentials, openDatabase, sealPlaintextCredentials, type Database } from "@weft/db";
import { createScratchPostgres, testBackend } from "@weft/db/testing";
import { createAccessPolicy, createEngine, type Engine } from "@weft/engine";
import { waitForJob } from "@weft/engine/testing";
import { createCaller } from "./root";
import { createInnerContext } from "./trpc";
import { JOB } from "@weft/job-model";

const marker = (label: string) => `${label}${randomBytes(8).toString("hex")}`;

/** A PostgreSQL server that asks for a cleartext password, records it, and refuses the login. */
function fakePostgres(received: string[]): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let started = false;
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!started && buffer.length >= 4 && buffer.length >= buffer.readInt32BE(0)) {
        buffer = buffer.subarray(buffer.readInt32BE(0));
        started = true;
        socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3])); // AuthenticationCleartextPassword
      }
      if (started && buffer.length >= 5 && buffer[0] === 0x70 && buffer.length >= 1 + buffer.readInt32BE(1)) {
        received.push(buffer.subarray(5, buffer.readInt32BE(1)).toString("utf8").replace(/\0$/, ""));
        const fields = Buffer.from("SFATAL\0C28P01\0Mpassword authentication failed\0\0");
        const header = Buffer.alloc(5);
        header.write("E");
        header.writeInt32BE(fields.length + 4, 1);
        socket.end(Buffer.concat([header, fields]));
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as { port: number }).port })),
  );
}

async function rawFiles(dir: string): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(await readFile(join(entry.parentPath, entry.name)));
  }
  return out;
}

describe(`secrets at rest (${testBackend})`, () => {
  let dir: string;
  let db: Database;
  let engine: Engine;
  let dropScratch: (() => Promise<void>) | undefined;
  let dumpUrl = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "weft-secrets-"));
    if (env.DATABASE_URL) {
      const scratch = await createScratchPostgres(env.DATABASE_URL, "secrets");
      dropScratch = scratch.drop;
      dumpUrl = scratch.url;
      db = await openDatabase({ kind: "postgres", url: scratch.url });
    } else {
      db = await openDatabase({ kind: "pglite", dataDir: dir });
    }
    // The fake PostgreSQL server listens on loopback, which the operator must allow explicitly.
    const access = createAccessPolicy({ outboundAllow: ["127.0.0.1"] });
    engine = await createEngine(db, {
      worker: true,
      concurrency: 1,
      leaseSeconds: 5,
      reaperIntervalMs: 500,
      schedulerIntervalMs: 200,
      access,
    });
  });
  afterAll(async () => {
    await engine?.close().catch(() => undefined);
    await db?.close().catch(() => undefined);
    await dropScratch?.();
    await rm(dir, { recursive: true, force: true });
  });

  it("stores no plaintext password, encrypts old plaintext rows at start, and the job sends the password", async () => {
    const org = await ensureOrganization(db.prisma, "tenant");
    const key = await createApiKey(db.prisma, { organizationId: org.id, name: "t" });
    const caller = createCaller(
      createInnerContext({
        engine,
        principal: { organizationId: org.id, organizationName: org.name, apiKeyId: key.id, via: "api_key" },
      }),
    );
    await caller.collections.create({ name: "Warehouse", readableId: "warehouse" });
    const received: string[] = [];
    const fake = await fakePostgres(received);
    const password = marker("pw-");
    const user = marker("reader_"); // stored as plain config: proves the search below can find what is there
    const connection = await caller.sourceConnections.create({
      shortName: "postgresql",
      readableCollectionId: "warehouse",
      config: { host: "127.0.0.1", port: fake.port, database: "db", user, password },
      syncImmediately: false,
    });
    const job = await caller.runs.start({ sourceConnectionId: connection.id });
    const failed = await waitForJob(db.prisma, job.id, [JOB.FAILED]);
    fake.server.close();
    expect(received.length).toBeGreaterThan(0); // the source may retry: every attempt sends the one password
    expect(new Set(received)).toEqual(new Set([password]));
    expect(failed.error ?? "").not.toContain(password);

    // A row from before encryption (written directly, as an older Weft did) is sealed by the next start, whose
    // bootstrap (apps/web/src/server/bootstrap.ts) runs this.
    const legacy = await db.prisma.sourceConnection.update({
      where: {
        id: (
          await caller.sourceConnections.create({
            shortName: "stub",
            readableCollectionId: "warehouse",
            config: {},
            syncImmediately: false,
          })
        ).id,
      },
      data: { credentials: { token: "legacy-plaintext" } },
    });
    await sealPlaintextCredentials(db.prisma);
    const sealed = await db.prisma.sourceConnection.findUniqueOrThrow({ where: { id: legacy.id } });
    expect((sealed.credentials as Record<string, string>).token).toMatch(/^wsec1\./);
    expect(openCredentials(legacy.id, sealed.credentials)).toEqual({ token: "legacy-plaintext" });

    await engine.close();
    if (db.target.kind === "postgres") {
      const dump = existsSync("/usr/bin/pg_dump")
        ? (await promisify(execFile)("/usr/bin/pg_dump", ["--no-owner", dumpUrl], { maxBuffer: 64 * 1024 * 1024 }))
            .stdout
        : "";
      expect(dump).toContain(user);
      expect(dump).not.toContain(password);
      expect(dump).not.toContain("legacy-plaintext");
    } else {
      await db.prisma.$executeRawUnsafe("CHECKPOINT");
      await db.close();
      const files = await rawFiles(dir);
      const count = (needle: string) => files.filter((f) => f.includes(needle)).length;
      expect(count(user)).toBeGreaterThan(0);
      expect(count(password)).toBe(0);
    }
  });
});
