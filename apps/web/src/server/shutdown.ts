// Closing the database on SIGTERM/SIGINT so embedded PGlite flushes and releases its data-dir lock (weft.pid).
// `next start` installs its own handlers that close the HTTP server and then call process.exit(); ours must finish
// first, so we take Next's handlers off the signal and call them once the database is closed.
import { logger } from "@weft/engine/log";

const SIGNALS = ["SIGTERM", "SIGINT"] as const;
const EXIT_CODES: Record<(typeof SIGNALS)[number], number> = { SIGINT: 130, SIGTERM: 143 };
const CLOSE_TIMEOUT_MS = 5_000;

const holder = globalThis as typeof globalThis & { __weftShutdownInstalled?: boolean };

export function closeOnSignals(close: () => Promise<void>): void {
  if (holder.__weftShutdownInstalled) return;
  holder.__weftShutdownInstalled = true;
  let closing: Promise<void> | undefined;
  for (const signal of SIGNALS) {
    const nextHandlers = process.listeners(signal);
    process.removeAllListeners(signal);
    process.on(signal, () => {
      closing ??= Promise.race([
        close().catch((error: unknown) => logger("server").error({ err: error }, "closing the database failed")),
        new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref()),
      ]);
      void closing.then(() => {
        if (nextHandlers.length === 0) process.exit(EXIT_CODES[signal]);
        for (const handler of nextHandlers) handler(signal);
      });
    });
  }
}
