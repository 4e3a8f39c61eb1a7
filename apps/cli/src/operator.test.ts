// The operator commands (`pnpm weft keys …`, `pnpm weft secrets rotate`), run as the real `weft` bin in its own
// process on the database directly: keys made, listed and revoked; every stored secret moved to a new key, from the
// key file or from WEFT_SECRET_KEY, on PGlite or PostgreSQL.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childProcessEnv, env } from "@weft/config";
import {
  newSecretKey,
  openCredentials,
  openDatabase,
  openSecret,
  sealedKeyId,
  sealSecret,
  SecretUnreadableError,
  webhookSecretContext,
  type DatabaseTarget,
} from "@weft/db";
import { createConnectionFixture } from "@weft/db/test-fixtures";
import { createScratchPostgres, keyringOf, testBackend } from "@weft/db/testing";
import { cliBin } from "./testing";

const run = promisify(execFile);

describe(`pnpm weft secrets rotate (${testBackend})`, () => {
  let dir: string;
  let target: DatabaseTarget;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "weft-rotate-"));
    if (env.DATABASE_URL) {
      const scratch = await createScratchPostgres(env.DATABASE_URL, "rotate");
      drop = scratch.drop;
      target = { kind: "postgres", url: scratch.url };
    } else {
      target = { kind: "pglite", dataDir: dir };
    }
  });
  afterAll(async () => {
    await drop?.();
    await rm(dir, { recursive: true, force: true });
  });

  const cli = (overrides: Record<string, string | undefined> = {}) =>
    run(process.execPath, [cliBin, "secrets", "rotate"], {
      env: childProcessEnv({
        WEFT_DATA_DIR: dir,
        DATABASE_URL: target.kind === "postgres" ? target.url : undefined,
        WEFT_SECRET_KEY: undefined,
        WEFT_SECRET_KEY_PREVIOUS: undefined,
        ...overrides,
      }),
    });
  async function stored(id: string) {
    const db = await openDatabase(target);
    try {
      return (await db.prisma.sourceConnection.findUniqueOrThrow({ where: { id } })).credentials as Record<
        string,
        string
      >;
    } finally {
      await db.close();
    }
  }
  it("refuses a WEFT_SECRET_KEY that is not the base64 of 32 bytes, naming the variable", async () => {
    for (const bad of ["short", Buffer.alloc(16).toString("base64"), `${newSecretKey().slice(0, -1)}!`]) {
      await expect(cli({ WEFT_SECRET_KEY: bad })).rejects.toMatchObject({
        stderr: expect.stringMatching(/WEFT_SECRET_KEY: must be the base64 of 32 random bytes/),
      });
    }
  });

  const keyFile = async () => (await readFile(join(dir, "secret.key"), "utf8")).trim().split("\n");

  it("re-encrypts every secret under a new key and retires the old one", { timeout: 180_000 }, async () => {
    const db = await openDatabase(target);
    const { connection } = await createConnectionFixture(db.prisma, "rotate");
    await db.prisma.sourceConnection.update({
      where: { id: connection.id },
      data: { credentials: { password: "from-before-encryption" } },
    });
    await db.close();

    const first = await cli();
    const [firstKey, ...rest] = await keyFile();
    expect(rest).toEqual([]);
    const firstRing = keyringOf([firstKey ?? ""]);
    expect(first.stdout).toContain(`Re-encrypted 1 connection(s) under key ${firstRing.current.id}`);
    const afterFirst = await stored(connection.id);
    expect(sealedKeyId(afterFirst.password ?? "")).toBe(firstRing.current.id);
    expect(openCredentials(connection.id, afterFirst, firstRing)).toEqual({ password: "from-before-encryption" });

    // A webhook signing secret sealed under the first key moves with everything else.
    const webhookSecret = "whsec_dGVzdC1zZWNyZXQtdGVzdC1zZWNyZXQtMTIz";
    const hookDb = await openDatabase(target);
    await hookDb.prisma.webhookSubscription.create({
      data: {
        id: "ep_rotate",
        organizationId: connection.organizationId,
        url: "https://example.com/h",
        eventTypes: ["sync.completed"],
        secret: sealSecret(webhookSecret, webhookSecretContext("ep_rotate"), firstRing),
      },
    });
    await hookDb.close();

    const second = await cli();
    expect(second.stdout).toContain("Re-encrypted 1 webhook secret(s)");
    const [secondKey, ...left] = await keyFile();
    expect(left).toEqual([]); // the first key is gone from the file
    const secondRing = keyringOf([secondKey ?? ""]);
    expect(secondRing.current.id).not.toBe(firstRing.current.id);
    const afterSecond = await stored(connection.id);
    expect(openCredentials(connection.id, afterSecond, secondRing)).toEqual({ password: "from-before-encryption" });
    expect(() => openCredentials(connection.id, afterSecond, firstRing)).toThrow(SecretUnreadableError);
    const sealedHook = await (async () => {
      const db2 = await openDatabase(target);
      try {
        return (await db2.prisma.webhookSubscription.findUniqueOrThrow({ where: { id: "ep_rotate" } })).secret;
      } finally {
        await db2.close();
      }
    })();
    expect(openSecret(sealedHook, webhookSecretContext("ep_rotate"), secondRing)).toBe(webhookSecret);
    expect(() => openSecret(sealedHook, webhookSecretContext("ep_rotate"), firstRing)).toThrow(SecretUnreadableError);

    // With WEFT_SECRET_KEY: the new key comes from the environment, the old one from WEFT_SECRET_KEY_PREVIOUS.
    const envKey = newSecretKey();
    const third = await cli({ WEFT_SECRET_KEY: envKey, WEFT_SECRET_KEY_PREVIOUS: secondKey });
    expect(third.stdout).toContain("Remove WEFT_SECRET_KEY_PREVIOUS");
    const afterThird = await stored(connection.id);
    expect(openCredentials(connection.id, afterThird, keyringOf([envKey]))).toEqual({
      password: "from-before-encryption",
    });

    // A process with another key refuses (and leaves the key file alone) instead of splitting secrets between keys.
    await expect(cli()).rejects.toMatchObject({
      stderr: expect.stringMatching(/which this process does not have .*set WEFT_SECRET_KEY/),
    });
    expect(await keyFile()).toEqual([secondKey]);
  });
});
