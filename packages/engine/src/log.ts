// Minimal leveled logger: one line per event, `weft[<scope>]` prefixed, quiet under WEFT_LOG_LEVEL=silent (tests).
import { env } from "@weft/db/env";

const order = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 } as const;
type Level = Exclude<keyof typeof order, "silent">;

export function logger(scope: string) {
  const emit = (level: Level, message: string, detail?: unknown) => {
    if (order[level] < order[env.WEFT_LOG_LEVEL]) return;
    const line = `weft[${scope}] ${level}: ${message}${detail === undefined ? "" : ` ${detail instanceof Error ? detail.message : JSON.stringify(detail)}`}`;
    (level === "error" || level === "warn" ? console.error : console.log)(line);
  };
  return {
    debug: (m: string, d?: unknown) => emit("debug", m, d),
    info: (m: string, d?: unknown) => emit("info", m, d),
    warn: (m: string, d?: unknown) => emit("warn", m, d),
    error: (m: string, d?: unknown) => emit("error", m, d),
  };
}
