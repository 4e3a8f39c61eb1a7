// /v1: the Airweave-compatible REST API, served by @weft/rest on this process's engine. Until instrumentation has
// started the engine, requests get 503 (never a second engine).
import { createRestHandler } from "@weft/rest";
import { serverState } from "./state";

const handler = createRestHandler();

export async function handleRestRequest(request: Request): Promise<Response> {
  const state = serverState();
  if (state.phase !== "ready") {
    const detail =
      state.phase === "failed"
        ? `Weft could not start: ${state.error}`
        : "Weft is still starting: retry in a few seconds";
    return new Response(JSON.stringify({ detail }), {
      status: 503,
      headers: { "content-type": "application/json", "retry-after": "2" },
    });
  }
  return handler(request);
}
