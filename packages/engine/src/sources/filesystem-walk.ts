// A deterministic (name-sorted, depth-first) walk of a directory tree that yields regular files only: symlinks are
// never followed (so nothing outside the tree is read), sockets, FIFOs and devices are skipped, and a directory whose
// real path has left the allowed root (swapped for a link during the walk) or is /proc, /sys or /dev is not listed.
import type { Dirent } from "node:fs";
import { readdir, realpath } from "node:fs/promises";
import { join } from "node:path";
import { isInside, isNeverRead } from "./filesystem-roots";
import { SourceError } from "./types";

export type WalkItem =
  { kind: "file"; relativePath: string; absolutePath: string } | { kind: "error"; relativePath: string; error: Error };

export type WalkOptions = {
  /** Relative (POSIX) directory path → true to skip the directory and everything below it. */
  skipDirectory(relativePath: string): boolean;
  signal: AbortSignal;
  /** The real path of the allowed root nothing may be read outside of. */
  confine: string;
};

export async function* walkFiles(root: string, options: WalkOptions): AsyncGenerator<WalkItem> {
  yield* walkDirectory(root, "", options);
}

async function* walkDirectory(root: string, relative: string, options: WalkOptions): AsyncGenerator<WalkItem> {
  let entries: Dirent[];
  try {
    const real = await realpath(relative ? join(root, relative) : root);
    // /proc, /sys and /dev under a root of `/` are simply not part of the tree.
    if (relative !== "" && isNeverRead(real) && isInside(real, options.confine)) return;
    if (!isInside(real, options.confine) || isNeverRead(real)) {
      const error = new SourceError(
        `"${join(root, relative)}" is outside the allowed root ${options.confine}, so it was not read.`,
        "blocked_destination",
      );
      if (relative === "") throw error;
      yield { kind: "error", relativePath: relative, error };
      return;
    }
    entries = await readdir(real, { withFileTypes: true });
  } catch (error) {
    if (error instanceof SourceError) throw error;
    if (relative === "") {
      throw new SourceError(`Cannot list directory "${root}": ${asError(error).message}`, "source_config");
    }
    // A directory removed during the walk simply has no files; any other failure is reported and the walk goes on.
    if (!isErrnoCode(error, "ENOENT")) yield { kind: "error", relativePath: relative, error: asError(error) };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (options.signal.aborted) return;
    const childPath = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!options.skipDirectory(childPath)) yield* walkDirectory(root, childPath, options);
    } else if (entry.isFile()) {
      yield { kind: "file", relativePath: childPath, absolutePath: join(root, childPath) };
    }
  }
}

export function isErrnoCode(error: unknown, code: string): boolean {
  return error instanceof Error && "code" in error && error.code === code;
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
