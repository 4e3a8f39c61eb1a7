// Where the filesystem source may read: only inside the operator's roots (WEFT_FILESYSTEM_ROOTS), judged on real
// paths (symlinks and `..` resolved), and never inside /proc, /sys or /dev, even under a root of `/`.
import { realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";

const ROOTS_VARIABLE = "WEFT_FILESYSTEM_ROOTS";
const NEVER_READ = ["/proc", "/sys", "/dev"];

export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/** True for a real path the source must never read, whatever the roots say. */
export function isNeverRead(realPath: string): boolean {
  return NEVER_READ.some((dir) => isInside(realPath, dir));
}

export type Placement = { ok: true; realPath: string; root: string; exists: boolean } | { ok: false; message: string };

/** How to allow a directory, for messages and the form. */
export function rootsHint(roots: readonly string[]): string {
  return roots.length > 0
    ? `This server allows paths inside ${roots.join(", ")} (${ROOTS_VARIABLE}).`
    : `This server allows no directory yet: its operator sets ${ROOTS_VARIABLE} to a comma-separated list of absolute directories (e.g. ${ROOTS_VARIABLE}=/srv/docs) and restarts Weft.`;
}

/** The real path of `path` and the allowed root it lies in, or why it is refused. */
export async function placeInRoots(path: string, roots: readonly string[]): Promise<Placement> {
  if (roots.length === 0)
    return { ok: false, message: `The filesystem source may not read "${path}". ${rootsHint(roots)}` };
  let realPath: string;
  let exists = true;
  try {
    realPath = await realpath(path);
  } catch {
    // Missing (or unreadable) now: judged by its lexical path here; the job checks the real path again.
    realPath = resolve(path);
    exists = false;
  }
  const realRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => null)));
  const root = realRoots.find((r): r is string => r !== null && isInside(realPath, r));
  if (!root || isNeverRead(realPath)) {
    const shown = realPath === resolve(path) ? "" : ` (really ${realPath})`;
    return {
      ok: false,
      message: `"${path}"${shown} is outside the directories the filesystem source may read. ${rootsHint(roots)}`,
    };
  }
  return { ok: true, realPath, root, exists };
}
