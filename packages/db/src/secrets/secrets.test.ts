// Stored secrets: sealing binds a value to its row and field, and the key file is created once (0600) even by racing
// processes. `pnpm weft secrets rotate`, which moves every secret to a new key, is tested with the CLI (apps/cli).
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childProcessEnv } from "@weft/config";
import { keyringOf } from "../testing";
import { keyId, newSecretKey } from "./keyring";
import { isSealed, open, seal, SecretUnreadableError } from "./seal";

const run = promisify(execFile);
const dbPackage = fileURLToPath(new URL("../..", import.meta.url));
const tsx = join(dbPackage, "node_modules", ".bin", "tsx");

describe("sealed values", () => {
  it("open only with their context, untampered, under a known key", () => {
    const ring = keyringOf([newSecretKey()]);
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
    expect(() => open(sealed, "row-1:password", keyringOf([newSecretKey()]))).toThrow(
      /set WEFT_SECRET_KEY to the same key on every Weft process/,
    );
    expect(open(sealed, "row-1:password", keyringOf([newSecretKey(), ...[ring.current.key.toString("base64")]]))).toBe(
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
