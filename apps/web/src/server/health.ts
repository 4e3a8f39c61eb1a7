// GET /api/health: 200 once the database is migrated and bootstrapped, 503 while starting or after a failed start.
import { serverState } from "./state";

export type HealthBody =
  | { status: "ok"; database: "pglite" | "postgres" }
  | { status: "starting" }
  | { status: "error"; detail: string };

export function health(): { httpStatus: 200 | 503; body: HealthBody } {
  const state = serverState();
  if (state.phase === "ready") return { httpStatus: 200, body: { status: "ok", database: state.database } };
  if (state.phase === "failed") return { httpStatus: 503, body: { status: "error", detail: state.error } };
  return { httpStatus: 503, body: { status: "starting" } };
}

export function healthResponse(): Response {
  const { httpStatus, body } = health();
  return Response.json(body, { status: httpStatus, headers: { "cache-control": "no-store" } });
}
