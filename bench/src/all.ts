// `pnpm bench [--json] [--<bench>.<option>[=value]…]` (needs DATABASE_URL): every benchmark of this package, one
// after another on PostgreSQL. Plain arguments go to every benchmark (so only what they all accept: `--json`);
// `--sync.entities=100000` goes to bench:sync alone as `--entities=100000`. Each prints its own figures; with
// `--json`, the JSON last line of each is collected and one combined JSON object ends the output.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { env } from "@weft/config";

/** In the order they run; a script whose file is not there (yet) is skipped. */
const BENCHMARKS = ["sync", "api", "sse", "list"] as const;

const given = process.argv.slice(2).filter((arg) => arg !== "--");
const json = given.includes("--json");

/** The arguments one benchmark gets: the plain ones, and its own scoped ones without the scope. */
function argsFor(name: string): string[] {
  const scoped = /^--(\w+)\.(.+)$/;
  return given.flatMap((arg) => {
    const match = scoped.exec(arg);
    if (!match) return [arg];
    return match[1] === name ? [`--${match[2]}`] : [];
  });
}
if (!env.DATABASE_URL) {
  console.error("pnpm bench measures PostgreSQL: set DATABASE_URL (each benchmark creates its own scratch database).");
  process.exit(2);
}

/** Runs one benchmark with the same tsx this process runs on, echoing its output; resolves with its end. */
function run(name: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const script = new URL(`./${name}.ts`, import.meta.url).pathname;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let tail = "";
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-1_000_000);
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, output: tail }));
  });
}

/**
 * The benchmark's JSON figures: its last line that is a JSON object and not a log line (a worker shutting down may
 * log after the figures).
 */
function benchJson(output: string): unknown {
  for (const line of output.trimEnd().split("\n").reverse()) {
    if (!line.startsWith("{")) continue;
    try {
      const value = JSON.parse(line) as unknown;
      const isLogLine = typeof value === "object" && value !== null && "level" in value && "msg" in value;
      if (typeof value === "object" && value !== null && !Array.isArray(value) && !isLogLine) return value;
    } catch {
      // not JSON: keep looking
    }
  }
  return null;
}

const combined: Record<string, unknown> = {};
let failed = 0;
for (const name of BENCHMARKS) {
  if (!existsSync(new URL(`./${name}.ts`, import.meta.url))) continue;
  const args = argsFor(name);
  console.log(
    `\n=== bench:${name} ${args.join(" ")} (load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")})`,
  );
  const { code, output } = await run(name, args);
  if (code !== 0) {
    failed++;
    combined[name] = { error: `exited with code ${code}` };
    continue;
  }
  if (!json) continue;
  combined[name] = benchJson(output) ?? { error: "no JSON figures line" };
}
if (json) console.log(JSON.stringify({ ...combined, loadavg: loadavg() }));
process.exit(failed ? 1 : 0);
