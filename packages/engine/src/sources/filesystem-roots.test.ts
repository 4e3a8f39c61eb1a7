import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileContent } from "./filesystem-file";
import { placeInRoots } from "./filesystem-roots";
import { walkFiles } from "./filesystem-walk";

let root: string;
let outside: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "weft-roots-"));
  outside = await mkdtemp(join(tmpdir(), "weft-roots-outside-"));
  await mkdir(join(root, "docs"));
  await writeFile(join(outside, "secret.txt"), "secret\n");
  await symlink(join(outside, "secret.txt"), join(root, "docs", "secret.txt"));
  await symlink(root, join(outside, "root-link"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe("filesystem roots", () => {
  it("refuses every path when no root is set, saying which variable to set", async () => {
    expect(await placeInRoots(root, [])).toEqual({
      ok: false,
      message: expect.stringContaining("WEFT_FILESYSTEM_ROOTS="),
    });
  });

  it("judges real paths: .. and symlinks resolved, roots that are links resolved too", async () => {
    expect(await placeInRoots(join(root, "docs"), [root])).toMatchObject({ ok: true, exists: true });
    expect(await placeInRoots(join(root, "docs", "..", ".."), [root])).toMatchObject({ ok: false });
    expect(await placeInRoots(join(root, "docs", "secret.txt"), [root])).toMatchObject({ ok: false });
    expect(await placeInRoots(join(root, "docs"), [join(outside, "root-link")])).toMatchObject({ ok: true });
    expect(await placeInRoots(join(root, "not-yet"), [root])).toMatchObject({ ok: true, exists: false });
  });

  it("never accepts /proc, /sys or /dev, even under a root of /", async () => {
    expect(await placeInRoots("/etc", ["/"])).toMatchObject({ ok: true });
    for (const path of ["/proc", "/proc/self", "/sys/kernel", "/dev"])
      expect(await placeInRoots(path, ["/"]), path).toMatchObject({ ok: false });
  });

  it("does not walk into /proc under a root of /", async () => {
    const items = [];
    const signal = new AbortController().signal;
    for await (const item of walkFiles("/", { skipDirectory: (p) => p !== "proc", signal, confine: "/" }))
      items.push(item);
    expect(items.filter((i) => i.relativePath.startsWith("proc"))).toEqual([]);
  });

  it("opens files without following a link, and only regular files", async () => {
    await expect(readFileContent(join(root, "docs", "secret.txt"), "docs/secret.txt", root)).rejects.toMatchObject({
      code: "ELOOP",
    });
    execFileSync("mkfifo", [join(root, "fifo")]);
    await expect(readFileContent(join(root, "fifo"), "fifo", root)).rejects.toThrow(/not a regular file/);
    await writeFile(join(root, "docs", "ok.txt"), "fine\n");
    expect((await readFileContent(join(root, "docs", "ok.txt"), "docs/ok.txt", root)).content.text).toBe("fine\n");
    // O_NOFOLLOW covers only the last component: a file reached through a directory link out of the root is refused
    // by its real path.
    await symlink(outside, join(root, "out-dir"));
    await expect(readFileContent(join(root, "out-dir", "secret.txt"), "out-dir/secret.txt", root)).rejects.toThrow(
      /outside the allowed root/,
    );
  });
});
