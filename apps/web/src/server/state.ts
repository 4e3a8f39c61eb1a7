// Readiness of this server process, kept on globalThis: instrumentation and route handlers are compiled into separate
// bundles, so a module-level variable would not be shared between them, but the process's global object is.
import type { DatabaseTarget } from "@weft/db";

export type ServerState =
  { phase: "starting" } | { phase: "ready"; database: DatabaseTarget["kind"] } | { phase: "failed"; error: string };

const holder = globalThis as typeof globalThis & { __weftServerState?: ServerState };

export function serverState(): ServerState {
  return holder.__weftServerState ?? { phase: "starting" };
}

export function markReady(database: DatabaseTarget["kind"]): void {
  holder.__weftServerState = { phase: "ready", database };
}

export function markFailed(error: unknown): void {
  holder.__weftServerState = { phase: "failed", error: error instanceof Error ? error.message : String(error) };
}

export function isReady(): boolean {
  return serverState().phase === "ready";
}
