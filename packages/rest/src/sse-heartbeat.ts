// Heartbeats for every SSE stream of this process from one shared tick, not a timer per subscriber: each second the
// tick tells each stream silent for the heartbeat interval to send one.
type Stream = { silentSince: number; intervalMs: number; send: () => void };

const TICK_MS = 1000;
const streams = new Set<Stream>();
let tick: NodeJS.Timeout | undefined;

function beat() {
  const now = Date.now();
  for (const stream of streams) {
    if (now - stream.silentSince < stream.intervalMs) continue;
    stream.silentSince = now;
    stream.send();
  }
}

/** Calls `send` after `intervalMs` without a write (`wrote()` restarts the wait) until `stop()`. */
export function openHeartbeat(intervalMs: number, send: () => void): { wrote(): void; stop(): void } {
  const stream: Stream = { silentSince: Date.now(), intervalMs, send };
  streams.add(stream);
  // unref: the tick alone never keeps a process alive.
  tick ??= setInterval(beat, Math.min(intervalMs, TICK_MS)).unref();
  return {
    wrote: () => void (stream.silentSince = Date.now()),
    stop() {
      streams.delete(stream);
      if (streams.size === 0) {
        clearInterval(tick);
        tick = undefined;
      }
    },
  };
}
