// Where a server process's resident memory sits: PGlite's WebAssembly memory (V8 reserves ~10 GB of address space for
// each wasm memory: its accessible part is the read-write mapping right below a huge inaccessible one), the main
// thread's V8 heap (from the process's own /metrics), and the rest (the PGlite thread's V8 heap, code, Next's caches,
// native buffers).
import { readFileSync } from "node:fs";

export type MemorySplit = { rssMb: number; wasmMb: number; mainHeapMb: number | null; externalMb: number | null };

const WASM_RESERVATION_KB = 4 * 1024 * 1024;

type Mapping = { start: bigint; end: bigint; perms: string; sizeKb: number; rssKb: number };

function mappings(pid: number): Mapping[] {
  const list: Mapping[] = [];
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+)/.exec(line);
    if (head?.[1] && head[2] && head[3]) {
      list.push({ start: BigInt(`0x${head[1]}`), end: BigInt(`0x${head[2]}`), perms: head[3], sizeKb: 0, rssKb: 0 });
      continue;
    }
    const last = list[list.length - 1];
    if (!last) continue;
    if (line.startsWith("Size:")) last.sizeKb = Number(line.slice(5).trim().split(" ")[0]);
    else if (line.startsWith("Rss:")) last.rssKb = Number(line.slice(4).trim().split(" ")[0]);
  }
  return list;
}

export function wasmRssMb(pid: number): number {
  const list = mappings(pid);
  let wasmKb = 0;
  for (const [index, map] of list.entries()) {
    const next = list[index + 1];
    const guarded =
      next && next.start === map.end && next.perms.startsWith("---") && next.sizeKb >= WASM_RESERVATION_KB;
    if (guarded && map.perms.startsWith("rw")) wasmKb += map.rssKb;
  }
  return wasmKb / 1024;
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * The main thread's V8 heap (committed) and off-heap buffers, from prom-client's default metrics at /metrics (open
 * when no token is set).
 */
async function mainThreadMb(url: string): Promise<{ heap: number | null; external: number | null }> {
  const res = await fetch(`${url}/metrics`).catch(() => undefined);
  if (!res?.ok) return { heap: null, external: null };
  const text = await res.text();
  const read = (name: string) => {
    const match = new RegExp(`^${name} (\\d+(?:\\.\\d+)?)`, "m").exec(text);
    return match?.[1] ? Number(match[1]) / 1048576 : null;
  };
  return { heap: read("nodejs_heap_size_total_bytes"), external: read("nodejs_external_memory_bytes") };
}

export async function memorySplit(pid: number, url: string): Promise<MemorySplit> {
  const rss = rssMb(pid);
  const main = await mainThreadMb(url);
  return { rssMb: rss, wasmMb: wasmRssMb(pid), mainHeapMb: main.heap, externalMb: main.external };
}

export function describeSplit(split: MemorySplit): string {
  const { rssMb: rss, wasmMb, mainHeapMb: heap, externalMb: external } = split;
  const mb = (n: number | null) => (n === null ? "?" : n.toFixed(0));
  const rest = rss - wasmMb - (heap ?? 0) - (external ?? 0);
  return `RSS ${mb(rss)} MB = PGlite wasm ${mb(wasmMb)} + main-thread V8 heap ${mb(heap)} + its buffers ${mb(external)} + rest ${mb(rest)}`;
}

/** Keeps the split sampled at the largest RSS seen. */
export class PeakMemory {
  peak: MemorySplit = { rssMb: 0, wasmMb: 0, mainHeapMb: null, externalMb: null };

  async sample(pid: number, url: string): Promise<void> {
    if (rssMb(pid) > this.peak.rssMb) this.peak = await memorySplit(pid, url);
  }

  describe(): string {
    return `peak ${describeSplit(this.peak)}`;
  }
}
