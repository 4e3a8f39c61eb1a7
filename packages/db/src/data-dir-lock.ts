// PGlite keeps its data in a directory that only one process may open; two would corrupt it. A pid file makes the
// second process fail with a message that says what to do instead.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is open in another Weft process (pid ${pid}). ` +
        "Stop that process first, or run Weft on PostgreSQL (set DATABASE_URL) to use several processes.",
    );
    this.name = "DataDirLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the directory's lock for this process; returns the release function. */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "weft.pid");
  let holder = NaN;
  try {
    holder = Number(readFileSync(file, "utf8").trim());
  } catch {
    // no lock file: free
  }
  if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) throw new DataDirLockedError(dir, holder);
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}
