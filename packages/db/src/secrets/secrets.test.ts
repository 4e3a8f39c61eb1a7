// Stored secrets: sealing binds a value to its row and field, the key file is created once (0600) even by racing
// processes, and `pnpm weft secrets rotate` (the real CLI, in its own process) moves every secret to a new key, from
// the key file or from WEFT_SECRET_KEY, on PGlite or PostgreSQL.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseTarget } from "../database";
import { childProcessEnv, env } from "@weft/config";
import { createConnectionFixture } from "../test-fixtures";
import { createScratchPostgres, testBackend } from "../testing";
import { keyId, newSecretKey, type Keyring } from "./keyring";
import { isSealed, open, seal, sealedKeyId, SecretUnreadableError } from "./seal";
import { openCredentials } from "./credentials";
import { webhookSecretContext } from "./webhook-secrets";

const run = promisify(execFile);
const dbPackage = fileURLToPath(new URL("../..", import.meta.url));
const tsx = join(dbPackage, "node_modules", ".bin", "tsx");

function ringOf(keys: string[]): Keyring {
  const all = keys.map((k) => ({ id: keyId(Buffer.from(k, "base64")), key: Buffer.from(k, "base64") }));
  const [current] = all;
  if (!current) throw new Error("no key");
  return { current, all, file: null };
}

describe("sealed values", () => {
  it("open only with their context, untampered, under a known key", () => {
    const ring = ringOf([newSecretKey()]);
    const sealed = seal("hunter2", "row-1:password", ring);
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain("hunter2");
    expect(seal("hunter2", "row-1:password", ring)).not.toBe(sealed); // a fresh IV each time
    expect(open(sealed, "row-1:password", ring)).toBe("hunter2");
    expect(() => open(sealed, "row-2:password", ring)).toThrow(SecretUnreadableError);
    // Flip one bit of the first ciphertext byte: always a real change, whatever the random IV and tag spell.
    const parts = sealed.split(".");
    const data = Buffer.from(parts[3] ?? "", "base64url");
    data[0] = (data[0] ?? 0) ^ 1;
    const flipped = [...parts.slice(0, 3), data.toString("base64url")].join(".");
    expect(() => open(flipped, "row-1:password", ring)).toThrow(/altered/);
    expect(() => open(sealed, "row-1:password", ringOf([newSecretKey()]))).toThrow(
      /set WEFT_SECRET_KEY to the same key on every Weft process/,
    );
    expect(open(sealed, "row-1:password", ringOf([newSecretKey(), ...[ring.current.key.toString("base64")]]))).toBe(
      "hunter2",
    );
  });
});

describe("the key file", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "weft-keyfile-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("is created once with mode 0600, and processes starting together all use the same key", async () => {
    const script = `import(${JSON.stringify(join(dbPackage, "src/secrets/keyring.ts"))}).then((m) => console.log(m.keyring().current.id))`;
    const processEnv = childProcessEnv({
      WEFT_DATA_DIR: dir,
      WEFT_SECRET_KEY: undefined,
      WEFT_SECRET_KEY_PREVIOUS: undefined,
    });
    const ids = await Promise.all(
      Array.from({ length: 6 }, () =>
        run(tsx, ["-e", script], { env: processEnv, cwd: dbPackage }).then((r) => r.stdout.trim()),
      ),
    );
    expect(new Set(ids).size).toBe(1);
    const file = join(dir, "secret.key");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const keys = (await readFile(file, "utf8")).trim().split("\n");
    expect(keys.length).toBe(1);
    expect(keyId(Buffer.from(keys[0] ?? "", "base64"))).toBe(ids[0]);
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

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
    run(tsx, ["src/cli/weft.ts", "secrets", "rotate"], {
      cwd: dbPackage,
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
    const firstRing = ringOf([firstKey ?? ""]);
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
        secret: seal(webhookSecret, webhookSecretContext("ep_rotate"), firstRing),
      },
    });
    await hookDb.close();

    const second = await cli();
    expect(second.stdout).toContain("Re-encrypted 1 webhook secret(s)");
    const [secondKey, ...left] = await keyFile();
    expect(left).toEqual([]); // the first key is gone from the file
    const secondRing = ringOf([secondKey ?? ""]);
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
    expect(open(sealedHook, webhookSecretContext("ep_rotate"), secondRing)).toBe(webhookSecret);
    expect(() => open(sealedHook, webhookSecretContext("ep_rotate"), firstRing)).toThrow(SecretUnreadableError);

    // With WEFT_SECRET_KEY: the new key comes from the environment, the old one from WEFT_SECRET_KEY_PREVIOUS.
    const envKey = newSecretKey();
    const third = await cli({ WEFT_SECRET_KEY: envKey, WEFT_SECRET_KEY_PREVIOUS: secondKey });
    expect(third.stdout).toContain("Remove WEFT_SECRET_KEY_PREVIOUS");
    const afterThird = await stored(connection.id);
    expect(openCredentials(connection.id, afterThird, ringOf([envKey]))).toEqual({
      password: "from-before-encryption",
    });

    // A process with another key refuses (and leaves the key file alone) instead of splitting secrets between keys.
    await expect(cli()).rejects.toMatchObject({
      stderr: expect.stringMatching(/which this process does not have .*set WEFT_SECRET_KEY/),
    });
    expect(await keyFile()).toEqual([secondKey]);
  });
});
