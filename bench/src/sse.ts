// `pnpm bench:sse [--subscribers N] [--in-flight N] [--job-seconds N] [--json]` (needs DATABASE_URL): N SSE
// subscribers, each on its own socket, on one running stub job of the built web app (`next start`) on a scratch
// PostgreSQL database: time to connect all (and how many within 20 s), final-frame lag after the job's completed_at
// (p50/p99), server RSS before and after connecting. Beside it, measured in the same run against the same N: a bare
// node:http server (no Next, no database) with one shared tick and a final frame to all (bare-sse-server.ts), the
// floor of any Node fan-out on this machine. Prints figures and os.loadavg(); asserts nothing.
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { env } from "@weft/config";
import { createScratchPostgres } from "@weft/db/testing";
import { PUBLIC_STATUS } from "@weft/job-model";
import { startBuiltWeb } from "@weft/web/testing";
import { openSwarm, type Swarm, type SwarmTarget } from "./sse-swarm";
import { percentile } from "./stats";
import { callV1 } from "./v1";

const { values } = parseArgs({
  options: {
    subscribers: { type: "string", default: "10000" },
    "in-flight": { type: "string", default: "256" },
    "job-seconds": { type: "string", default: "60" },
    json: { type: "boolean", default: false },
  },
});
const subscribers = Number(values.subscribers);
const inFlight = Number(values["in-flight"]);
const jobSeconds = Number(values["job-seconds"]);
const CONNECT_GOAL_MS = 20_000;
/** Connecting stops counting here, so the job (which lasts jobSeconds) is still running when the swarm is measured. */
const connectLimitMs = Math.max(CONNECT_GOAL_MS, (jobSeconds - 10) * 1000);
const FINAL_MARKER = `"status":"${PUBLIC_STATUS.COMPLETED}"`;
const END = new Set<string>([PUBLIC_STATUS.COMPLETED, PUBLIC_STATUS.FAILED, PUBLIC_STATUS.CANCELLED]);

if (!env.DATABASE_URL) {
  console.error(
    "bench:sse measures PostgreSQL: set DATABASE_URL (a scratch database is created beside it and dropped).",
  );
  process.exit(2);
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
const load = () => loadavg().map((n) => Number(n.toFixed(2)));

type Result = {
  subscribers: number;
  connected: number;
  connectedWithin20s: number;
  connectAllMs: number | null;
  finals: number;
  finalLagP50Ms: number;
  finalLagP99Ms: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  rssPerSubscriberKb: number;
  failures: { count: number; reasons: string[] };
  loadavg: number[];
};

/** Connects the swarm, samples RSS, then `finish()` ends the stream (returns the end's time) and finals are timed. */
async function measure(pid: number, target: SwarmTarget, finish: () => Promise<number>): Promise<Result> {
  const rssBefore = rssKb(pid);
  const start = Date.now();
  const swarm: Swarm = await openSwarm(target, subscribers, inFlight, FINAL_MARKER);
  try {
    await swarm.allConnected(start + connectLimitMs);
    const times = Array.from(swarm.connectedAt).filter((t) => !Number.isNaN(t));
    const rssAfter = rssKb(pid);
    const completedAt = await finish();
    await swarm.allFinal(Date.now() + 30_000);
    const lags = Array.from(swarm.finalAt)
      .filter((t) => !Number.isNaN(t))
      .map((t) => t - completedAt);
    const connected = swarm.connected();
    return {
      subscribers,
      connected,
      connectedWithin20s: times.filter((t) => t - start <= CONNECT_GOAL_MS).length,
      connectAllMs: connected === subscribers ? Math.max(...times) - start : null,
      finals: swarm.finals(),
      finalLagP50Ms: percentile(lags, 50),
      finalLagP99Ms: percentile(lags, 99),
      rssBeforeMb: Math.round(rssBefore / 1024),
      rssAfterMb: Math.round(rssAfter / 1024),
      rssPerSubscriberKb: Math.round((rssAfter - rssBefore) / Math.max(1, connected)),
      failures: swarm.failures(),
      loadavg: load(),
    };
  } finally {
    swarm.close();
  }
}

async function baseline(): Promise<Result> {
  const child = fork(fileURLToPath(new URL("./bare-sse-server.ts", import.meta.url)), {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    const reply = <T>(key: string) =>
      new Promise<T>((resolve) => {
        const onMessage = (m: Record<string, T>) => {
          if (!(key in m)) return;
          child.off("message", onMessage);
          resolve(m[key] as T);
        };
        child.on("message", onMessage);
      });
    const port = await reply<number>("port");
    const target = { url: `http://127.0.0.1:${port}`, path: "/", headers: {} };
    return await measure(child.pid ?? NaN, target, async () => {
      const completed = reply<number>("completedAt");
      child.send("finish");
      return completed;
    });
  } finally {
    child.kill();
  }
}

async function weft(): Promise<Result & { jobStatus: string }> {
  const scratch = await createScratchPostgres(env.DATABASE_URL ?? "", "bench_sse");
  const web = await startBuiltWeb({
    env: {
      DATABASE_URL: scratch.url,
      WEFT_LOG_LEVEL: "warn",
      WEFT_SSE_MAX_PER_ORG: String(subscribers + 100),
      ...(env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: env.BENCH_NODE_OPTIONS } : {}),
    },
    timeoutMs: 120_000,
  });
  try {
    const key = web.demoKey ?? "";
    const api = <T>(method: string, path: string, body?: unknown) => callV1<T>(web, key, method, path, body);
    const [collection] = await api<{ readable_id: string }[]>("GET", "/collections");
    // 10 entities a second for jobSeconds: progress frames all along, and still running when the swarm is connected.
    const conn = await api<{ id: string }>("POST", "/source-connections", {
      short_name: "stub",
      name: "bench-sse",
      readable_collection_id: collection?.readable_id,
      config: { entity_count: jobSeconds * 10, seed: 1, generation_delay_ms: 100 },
      sync_immediately: false,
    });
    const job = await api<{ id: string }>("POST", `/source-connections/${conn.id}/run`);
    let status = "";
    const target = { url: web.url, path: `/v1/sync/job/${job.id}/subscribe`, headers: { "x-api-key": key } };
    const result = await measure(web.pid, target, async () => {
      for (;;) {
        const view = await api<{ status: string; completed_at: string | null }>("GET", `/sync/jobs/${job.id}`);
        status = view.status;
        if (END.has(view.status)) return Date.parse(view.completed_at ?? "") || Date.now();
        await new Promise((r) => setTimeout(r, 250));
      }
    });
    return { ...result, jobStatus: status };
  } finally {
    await web.stop();
    await scratch.drop();
  }
}

function print(label: string, r: Result) {
  const all = r.connectAllMs === null ? `not all (${r.connected} of ${r.subscribers})` : `${r.connectAllMs} ms`;
  console.log(
    `  ${label}: connected all in ${all}, ${r.connectedWithin20s} within 20 s; final frame to ${r.finals}: ` +
      `p50 ${r.finalLagP50Ms} ms, p99 ${r.finalLagP99Ms} ms after completion; RSS ${r.rssBeforeMb} → ${r.rssAfterMb} MB ` +
      `(+${r.rssPerSubscriberKb} KB per subscriber); failures ${r.failures.count}${r.failures.count ? ` ${JSON.stringify(r.failures.reasons)}` : ""}; loadavg ${r.loadavg.join(" ")}`,
  );
}

console.log(
  `${subscribers.toLocaleString("en-US")} SSE subscribers, each on its own socket (${inFlight} connecting at once), loadavg ${load().join(" ")}`,
);
const bare = await baseline();
print("baseline, bare node:http fan-out", bare);
const built = await weft();
print(`Weft (next start, PostgreSQL), stub job ${built.jobStatus}`, built);
console.log(
  `  goal: all ${subscribers} within 20 s, final frame p99 ≤ 500 ms, ≤ 100 KB per subscriber; loadavg ${load().join(" ")}`,
);
if (values.json) console.log(JSON.stringify({ subscribers, baseline: bare, weft: built, loadavg: load() }));
process.exit(0);
