// How a followed job looks: a live cli-progress bar at a terminal (counts, rate, elapsed), a plain line per update
// when stdout is a pipe or a file, one JSON object per update with --json.
import { SingleBar } from "cli-progress";
import { processed, type ProgressFrame } from "./types";

export type Renderer = { update(frame: ProgressFrame): void; note(message: string): void; stop(): void };

type Payload = { frame?: ProgressFrame; total: number | null; startedAt: number };

function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`
    : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** "1234/5000 entities  412/s  0:03  +1200 ~30 -4 =0 skip 0 fail 0  in_progress" (no bar, no colour). */
function describe(frame: ProgressFrame, total: number | null, startedAt: number, now = Date.now()): string {
  const done = processed(frame);
  const seconds = Math.max(0.001, (now - startedAt) / 1000);
  const counts = `+${frame.entities_inserted} ~${frame.entities_updated} -${frame.entities_deleted} =${frame.entities_kept} skip ${frame.entities_skipped} fail ${frame.entities_failed}`;
  return `${done}${total ? `/${total}` : ""} entities  ${Math.round(done / seconds)}/s  ${elapsed(now - startedAt)}  ${counts}  ${frame.status}`;
}

export function createRenderer(
  mode: "tty" | "lines" | "json",
  startedAt: number,
  out: NodeJS.WriteStream = process.stdout,
): Renderer {
  // The final frames (read back from the event log) may not repeat the expected total: keep the last one seen.
  let known: number | null = null;
  const totalOf = (frame: ProgressFrame) => (known = frame.expected_total ?? known);
  if (mode === "json") {
    return {
      update: (frame) => out.write(`${JSON.stringify(frame)}\n`),
      note: (m) => process.stderr.write(`${m}\n`),
      stop: () => undefined,
    };
  }
  if (mode === "lines") {
    return {
      update: (frame) => out.write(`${describe(frame, totalOf(frame), startedAt)}\n`),
      note: (m) => process.stderr.write(`${m}\n`),
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({
    stream: out,
    hideCursor: true,
    clearOnComplete: false,
    fps: 10,
    barsize: 24,
    format: (options, params, payload: Payload) => {
      const width = options.barsize ?? 24;
      const filled = payload.total ? Math.round(Math.min(1, params.value / payload.total) * width) : 0;
      const bar = payload.total
        ? `${"█".repeat(filled)}${"░".repeat(width - filled)} ${String(Math.floor(params.progress * 100)).padStart(3)}% `
        : "";
      return payload.frame
        ? `${bar}${describe(payload.frame, payload.total, payload.startedAt)}`
        : `waiting for the first progress event  ${elapsed(Date.now() - payload.startedAt)}`;
    },
  });
  bar.start(1, 0, { total: null, startedAt } satisfies Payload);
  return {
    update(frame) {
      const total = totalOf(frame);
      const value = processed(frame);
      bar.setTotal(Math.max(1, total ?? value));
      bar.update(value, { frame, total, startedAt } satisfies Payload);
    },
    // Above the bar: clear its line, write the note; the bar redraws on its next tick.
    note: (message) => process.stderr.write(`\r\x1b[K${message}\n`),
    stop: () => bar.stop(),
  };
}
