// `pnpm weft keys …` (the real `weft` bin, in its own process, on the database directly): a key made, listed as
// active, revoked by its display prefix, then listed as revoked; revoking it again is refused with exit code 2.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@weft/config";
import { createScratchPostgres, testBackend } from "@weft/db/testing";
import { cli } from "./testing";

describe(`pnpm weft keys (${testBackend})`, () => {
  let dir: string;
  let databaseUrl: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "weft-keys-"));
    if (env.DATABASE_URL) {
      const scratch = await createScratchPostgres(env.DATABASE_URL, "keys");
      drop = scratch.drop;
      databaseUrl = scratch.url;
    }
  });
  afterAll(async () => {
    await drop?.();
    await rm(dir, { recursive: true, force: true });
  });

  const weft = (...args: string[]) => cli(args, { WEFT_DATA_DIR: dir, DATABASE_URL: databaseUrl });

  it("creates, lists and revokes a key of an organization", { timeout: 600_000 }, async () => {
    const created = await weft("keys", "create", "--org", "ops", "--name", "deploy", "--expires-days", "30");
    expect(created.code).toBe(0);
    const secret = created.stdout.trim().split("\n").at(-1) ?? "";
    expect(secret).toMatch(/^weft_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/Created key "deploy" \(weft_.{7}…\) for organization "ops"/);
    const prefix = secret.slice(0, 12);

    const listed = await weft("keys", "list", "--org", "ops");
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^${prefix}\tdeploy\tactive\t`)),
    ]);

    expect(await weft("keys", "revoke", prefix, "--org", "ops")).toMatchObject({
      code: 0,
      stdout: `Revoked ${prefix}.\n`,
    });
    const after = await weft("keys", "list", "--org", "ops");
    expect(after.stdout).toMatch(new RegExp(`^${prefix}\tdeploy\trevoked\t`));
    expect(await weft("keys", "revoke", prefix, "--org", "ops")).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`No active key "${prefix}" in organization "ops".`),
    });
  });
});
