import { createHash } from "node:crypto";
import { chmod, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TEXT_CAP_BYTES } from "./filesystem-file";
import { filesystemSource } from "./filesystem";
import { createAccessPolicy } from "../access";
import { runSource, type RunOptions } from "./testing";
import { SourceError, type SourceEntity } from "./types";

const OLD = new Date("2024-01-01T00:00:00.000Z");
const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff, 0xfe, 0x01, 0x02]);

let root: string;
let outside: string;

async function put(relativePath: string, data: string | Buffer, mtime = OLD) {
  const path = join(root, relativePath);
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, data);
  await utimes(path, mtime, mtime);
}

/** Runs the source with the test's temporary directory as the one allowed root. */
const readRoot = (config: unknown, options: RunOptions = {}) =>
  runSource(filesystemSource, config, { access: createAccessPolicy({ filesystemRoots: [root] }), ...options });

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const byId = (entities: SourceEntity[]) => new Map(entities.map((e) => [e.id, e]));

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "weft-fs-"));
  outside = await mkdtemp(join(tmpdir(), "weft-fs-outside-"));
  await put("README.md", "# Hello\n\nWorld.\n");
  await put("docs/guide.txt", "A guide.\n");
  await put("docs/deep/nested/config.yaml", "key: value\n");
  await put("images/logo.png", BINARY);
  await put("LICENSE", "MIT License\n");
  await put("data/blob.bin", BINARY);
  await put(".env.example", "PORT=3000\n");
  await put(".git/HEAD", "ref: refs/heads/main\n");
  await put("node_modules/pkg/index.js", "module.exports = 1;\n");
  await put("app/node_modules/dep/index.js", "module.exports = 2;\n");
  await writeFile(join(outside, "secret.txt"), "outside the tree\n");
  await symlink(join(outside, "secret.txt"), join(root, "link-to-outside.txt"));
  await symlink(outside, join(root, "linked-dir"));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe("filesystem source", () => {
  it("emits one entity per regular file, skipping .git, node_modules and symlinks", async () => {
    const run = await readRoot({ path: root });
    expect(run.failure).toBeUndefined();
    expect(run.errors).toEqual([]);
    expect(run.entities.map((e) => e.id)).toEqual([
      ".env.example",
      "LICENSE",
      "README.md",
      "data/blob.bin",
      "docs/deep/nested/config.yaml",
      "docs/guide.txt",
      "images/logo.png",
    ]);
  });

  it("classifies text and binary files and describes each with metadata and SHA-256", async () => {
    const entities = byId((await readRoot({ path: root })).entities);
    expect(entities.get("README.md")).toEqual({
      kind: "entity",
      type: "TextFileEntity",
      id: "README.md",
      content: {
        path: "README.md",
        name: "README.md",
        extension: ".md",
        size: 16,
        modified_at: OLD.toISOString(),
        sha256: sha256("# Hello\n\nWorld.\n"),
        text: "# Hello\n\nWorld.\n",
        text_truncated: false,
      },
    });
    expect(entities.get("LICENSE")?.type).toBe("TextFileEntity");
    expect(entities.get("docs/deep/nested/config.yaml")?.content.text).toBe("key: value\n");
    const logo = entities.get("images/logo.png");
    expect(logo?.type).toBe("BinaryFileEntity");
    expect(logo?.content).toEqual({
      path: "images/logo.png",
      name: "logo.png",
      extension: ".png",
      size: BINARY.length,
      modified_at: OLD.toISOString(),
      sha256: sha256(BINARY),
    });
    expect(entities.get("data/blob.bin")?.type).toBe("BinaryFileEntity");
  });

  it("caps text at 256 KiB without splitting a character, and streams large files for the hash", async () => {
    const long = "é".repeat(TEXT_CAP_BYTES); // 2 bytes each: twice the cap
    await put("long.txt", long);
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    await put("big.dat", big);
    const entities = byId((await readRoot({ path: root })).entities);
    const text = entities.get("long.txt")?.content;
    expect(text?.text_truncated).toBe(true);
    expect(text?.text).toBe("é".repeat(TEXT_CAP_BYTES / 2));
    expect(text?.sha256).toBe(sha256(long));
    const large = entities.get("big.dat");
    expect(large?.type).toBe("BinaryFileEntity");
    expect(large?.content).toMatchObject({ size: big.length, sha256: sha256(big) });
  });

  it("gives identical content for unchanged files across runs", async () => {
    const first = await readRoot({ path: root });
    const second = await readRoot({ path: root });
    expect(second.entities).toEqual(first.entities);
  });

  it("applies include and exclude globs to paths relative to the root", async () => {
    const markdownAndText = await readRoot({ path: root, include: ["**/*.md", "**/*.txt"] });
    expect(markdownAndText.entities.map((e) => e.id)).toEqual(["README.md", "docs/guide.txt"]);
    const excluded = await readRoot({ path: root, exclude: ["docs/**", "**/*.bin", ".*"] });
    expect(excluded.entities.map((e) => e.id)).toEqual(["LICENSE", "README.md", "images/logo.png"]);
  });

  it("is incremental by change time: with the cursor, only new or changed files are read", async () => {
    // Files changed in the last 2 s stay "new" (the cursor trails the scan start), so let them age first.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const first = await readRoot({ path: root });
    expect(first.entities).toHaveLength(7);
    expect(first.cursor).toMatchObject({ changed_ms: expect.any(Number), scope: expect.any(String) });

    const unchanged = await readRoot({ path: root }, { cursor: first.cursor });
    expect(unchanged.items).toEqual([]);
    expect(unchanged.cursor).toEqual(first.cursor);

    const later = new Date("2025-06-01T12:00:00.000Z");
    await utimes(join(root, "docs/guide.txt"), later, later);
    const touched = await readRoot({ path: root }, { cursor: first.cursor });
    expect(touched.entities.map((e) => e.id)).toEqual(["docs/guide.txt"]);
    expect(touched.entities[0]?.content.modified_at).toBe(later.toISOString());

    await put("docs/new.md", "new\n");
    const added = await readRoot({ path: root }, { cursor: first.cursor });
    expect(added.entities.map((e) => e.id).sort()).toEqual(["docs/guide.txt", "docs/new.md"]);

    // A cursor saved for other globs says nothing about the files they left out: everything is read.
    const widened = await readRoot({ path: root, include: ["**/*.md"] }, { cursor: first.cursor });
    expect(widened.entities.map((e) => e.id)).toEqual(["README.md", "docs/new.md"]);
  });

  it("fails with a source_config SourceError for a missing path or a file", async () => {
    const missing = await readRoot({ path: join(root, "nope") });
    expect(missing.failure).toBeInstanceOf(SourceError);
    expect((missing.failure as SourceError).category).toBe("source_config");
    expect((missing.failure as SourceError).message).toMatch(/does not exist.*Set path/);
    const file = await readRoot({ path: join(root, "README.md") });
    expect((file.failure as SourceError).category).toBe("source_config");
    expect((file.failure as SourceError).message).toContain("not a directory");
  });

  it("rejects a relative path in the config", () => {
    expect(filesystemSource.configSchema.safeParse({ path: "docs" }).success).toBe(false);
  });

  it.skipIf(process.getuid?.() === 0)("reports an unreadable file as a per-entity error and goes on", async () => {
    await chmod(join(root, "docs/guide.txt"), 0o000);
    const run = await readRoot({ path: root });
    expect(run.errors.map((e) => [e.type, e.id])).toEqual([["TextFileEntity", "docs/guide.txt"]]);
    expect(run.entities).toHaveLength(6);
  });

  it("stops when aborted", async () => {
    for (let i = 0; i < 50; i++) await put(`many/file-${String(i).padStart(2, "0")}.txt`, `file ${i}\n`);
    const controller = new AbortController();
    const run = await readRoot(
      { path: root },
      { signal: controller.signal, onItem: (_, index) => index === 4 && controller.abort() },
    );
    expect(run.items).toHaveLength(5);
    expect(run.failure).toBeUndefined();
  });
});
