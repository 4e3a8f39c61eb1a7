// A fixed-duration keep-alive load on one URL (autocannon), reduced to the figures the benchmarks print, with the
// server's CPU time per request: on a shared, loaded machine the rate moves with the neighbours, the CPU cost less.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const TICK_MS = 10; // /proc times are in clock ticks, 100 per second on Linux

/** User + system CPU time the process has used so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

export type LoadResult = {
  requests_per_second: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  /** Answers that were not 2xx, and socket errors/timeouts: a non-zero count makes the rate meaningless. */
  non_2xx: number;
  errors: number;
  /** The server process's CPU time per answered request. */
  server_cpu_ms_per_request: number;
};

export async function load(
  url: string,
  options: { connections: number; seconds: number; serverPid: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const cpuBefore = cpuMs(options.serverPid);
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers,
  });
  return {
    requests_per_second: Math.round(result.requests.total / options.seconds),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    requests: result.requests.total,
    non_2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    server_cpu_ms_per_request: Number(((cpuMs(options.serverPid) - cpuBefore) / result.requests.total).toFixed(3)),
  };
}

export function describeLoad(label: string, result: LoadResult, baseline?: LoadResult): string {
  const ratio = baseline ? `, ${(result.requests_per_second / baseline.requests_per_second).toFixed(2)}× health` : "";
  const failures = result.non_2xx + result.errors ? ` (${result.non_2xx} non-2xx, ${result.errors} errors!)` : "";
  return (
    `  ${label.padEnd(34)} ${String(result.requests_per_second).padStart(6)} req/s, ` +
    `p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms, server CPU ${result.server_cpu_ms_per_request} ms/request${ratio}${failures}`
  );
}
