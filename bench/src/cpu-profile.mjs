// Preload for profiling a server a benchmark starts: Node 20 refuses `--cpu-prof` in NODE_OPTIONS, so
// `BENCH_NODE_OPTIONS="--import <abs path>/bench/src/cpu-profile.mjs"` profiles the process through the inspector
// and writes `weft-<pid>.cpuprofile` to the temporary directory when it exits (open it in Chrome DevTools, or
// `node bench/src/profile-top.ts <file>`). Plain JS: NODE_OPTIONS cannot load TypeScript.
import { Session } from "node:inspector";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const session = new Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.setSamplingInterval", { interval: 500 }); // µs
session.post("Profiler.start");

// A session on the same thread answers synchronously, so the profile is written even from the exit event.
process.once("exit", () => {
  session.post("Profiler.stop", (error, result) => {
    if (error) return;
    const file = join(tmpdir(), `weft-${process.pid}.cpuprofile`);
    writeFileSync(file, JSON.stringify(result.profile));
    process.stderr.write(`CPU profile written to ${file}\n`);
  });
});
