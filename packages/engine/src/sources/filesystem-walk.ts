// A deterministic (name-sorted, depth-first) walk of a directory tree that yields regular files only: symlinks are
// never followed (so nothing outside the tree is read), sockets, FIFOs and devices are skipped.
import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { SourceError } from "./types";

export type WalkItem =
  | { kind: "file"; relativePath: string; absolutePath: string }
  | { kind: "error"; relativePath: string; error: Error };

export type WalkOptions = {
  /** Relative (POSIX) directory path → true to skip the directory and everything below it. */
  skipDirectory(relativePath: string): boolean;
  signal: AbortSignal;
};

export async function* walkFiles(root: string, options: WalkOptions): AsyncGenerator<WalkItem> {
  yield* walkDirectory(root, "", options);
}

async function* walkDirectory(root: string, relative: string, options: WalkOptions): AsyncGenerator<WalkItem> {
  let entries: Dirent[];
  try {
    entries = await readdir(relative ? join(root, relative) : root, { withFileTypes: true });
  } catch (error) {
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
