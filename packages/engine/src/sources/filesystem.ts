// `filesystem`: one entity per regular file under a directory, incremental by change time.
import { createHash } from "node:crypto";
import { lstat, stat } from "node:fs/promises";
import { isAbsolute } from "node:path";
import picomatch from "picomatch";
import { z } from "zod";
import { likelyKind, readFileContent } from "./filesystem-file";
import { placeInRoots, rootsHint } from "./filesystem-roots";
import { asError, isErrnoCode, walkFiles } from "./filesystem-walk";
import { SourceError, type JsonValue, type SourceDefinition } from "./types";

/** Directories never synced, at any depth. */
const ALWAYS_SKIPPED_DIRECTORIES = new Set([".git", "node_modules"]);
/**
 * The saved cursor stays this far behind the scan's start, so a file changed while (or just before) the tree is
 * walked is read again next time even on filesystems with coarse timestamps. Re-reading an unchanged file is
 * harmless: its hash is the same, so the pipeline keeps it.
 */
const CURSOR_SAFETY_MARGIN_MS = 2000;

export const filesystemConfigSchema = z.object({
  path: z
    .string()
    .min(1)
    .refine(isAbsolute, "Use an absolute path, e.g. /srv/docs.")
    .describe("Absolute path of the directory to sync, on the machine the worker runs on."),
  include: z
    .array(z.string().min(1).max(1000))
    .min(1)
    .max(100)
    .default(["**/*"])
    .describe('Glob patterns (relative to path, e.g. "docs/**/*.md") a file must match to be synced.'),
  exclude: z
    .array(z.string().min(1).max(1000))
    .max(100)
    .default([])
    .describe(
      'Glob patterns of files or directories to leave out, e.g. "**/*.log" or "build/**". .git and node_modules are always left out.',
    ),
});

type FilesystemConfig = z.infer<typeof filesystemConfigSchema>;

/** `changed_ms`: the latest change time (max of mtime and ctime) already synced; `scope`: which config it is for. */
const cursorSchema = z.object({ changed_ms: z.number(), scope: z.string() });

export const filesystemSource: SourceDefinition<typeof filesystemConfigSchema> = {
  shortName: "filesystem",
  name: "Filesystem",
  description:
    "Syncs the files of a local directory: text files with their text, other files with metadata and SHA-256.",
  configSchema: filesystemConfigSchema,
  secretFields: [],
  entityTypes: ["TextFileEntity", "BinaryFileEntity"],
  supportsContinuous: true,
  async checkAccess(config, access) {
    const placed = await placeInRoots(config.path, access.filesystemRoots);
    return placed.ok ? [] : [{ path: ["path"], message: placed.message }];
  },
  accessNotes: (access) => ({ path: rootsHint(access.filesystemRoots) }),
  cursorField: () => "changed_ms",
  async *read({ config, cursor, setCursor, signal, access }) {
    const scanStartMs = Date.now();
    // Checked again here: the path (or a link on it) may have changed since the connection was saved.
    const placed = await placeInRoots(config.path, access.filesystemRoots);
    if (!placed.ok) throw new SourceError(placed.message, "blocked_destination");
    await assertDirectory(config.path);
    const scope = scopeOf(config);
    const parsed = cursorSchema.safeParse(cursor);
    // A cursor saved for another path or other globs says nothing about this scope: read everything.
    const since = parsed.success && parsed.data.scope === scope ? parsed.data.changed_ms : null;
    if (since !== null) setCursor({ changed_ms: since, scope });
    const included = picomatch(config.include, { dot: true });
    const excluded = config.exclude.length > 0 ? picomatch(config.exclude, { dot: true }) : () => false;
    const skipDirectory = (relativePath: string) =>
      ALWAYS_SKIPPED_DIRECTORIES.has(relativePath.slice(relativePath.lastIndexOf("/") + 1)) || excluded(relativePath);
    let latest = since ?? Number.NEGATIVE_INFINITY;
    for await (const item of walkFiles(placed.realPath, { skipDirectory, signal, confine: placed.root })) {
      if (signal.aborted) return;
      const { relativePath } = item;
      if (item.kind === "error") {
        // Nothing below an unreadable directory is known this run: its stored files are kept, not deleted.
        yield {
          kind: "error",
          type: "Directory",
          id: relativePath,
          error: item.error,
          scope: { idPrefix: `${relativePath}/` },
        };
        continue;
      }
      if (!included(relativePath) || excluded(relativePath)) continue;
      try {
        const stats = await lstat(item.absolutePath);
        if (!stats.isFile()) continue;
        const changedMs = Math.max(stats.mtimeMs, stats.ctimeMs);
        latest = Math.max(latest, Math.min(changedMs, scanStartMs - CURSOR_SAFETY_MARGIN_MS));
        if (since !== null && changedMs <= since) continue;
        const { type, content } = await readFileContent(item.absolutePath, relativePath, placed.root);
        yield { kind: "entity", type, id: relativePath, content };
      } catch (error) {
        // A file deleted since it was listed is simply gone; anything else fails this one entity.
        if (isErrnoCode(error, "ENOENT")) continue;
        // The stored entity may be of either file type: keep it by path.
        yield {
          kind: "error",
          type: likelyKind(relativePath),
          id: relativePath,
          error: asError(error),
          scope: { id: relativePath },
        };
      }
    }
    if (Number.isFinite(latest)) setCursor({ changed_ms: latest, scope });
  },
};

function scopeOf(config: FilesystemConfig): string {
  const key: JsonValue = [config.path, config.include, config.exclude];
  return createHash("sha256").update(JSON.stringify(key)).digest("hex").slice(0, 16);
}

async function assertDirectory(path: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    if (isErrnoCode(error, "ENOENT") || isErrnoCode(error, "ENOTDIR")) {
      throw new SourceError(
        `Directory "${path}" does not exist on the worker. Set path to an existing absolute directory.`,
        "source_config",
      );
    }
    if (isErrnoCode(error, "EACCES") || isErrnoCode(error, "EPERM")) {
      throw new SourceError(
        `The worker may not read "${path}" (permission denied). Grant it read access or choose another path.`,
        "source_config",
      );
    }
    throw new SourceError(`Cannot open "${path}": ${asError(error).message}`, "source_config");
  }
  if (!isDirectory) {
    throw new SourceError(`"${path}" is a file, not a directory. Set path to the directory to sync.`, "source_config");
  }
}
