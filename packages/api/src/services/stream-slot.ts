// One live subscription's slot of WEFT_SSE_MAX_PER_ORG: taken before the stream starts (so the refusal is a plain
// 429, not a broken stream) and given back when the stream ends, however it ends.
import type { Engine } from "@weft/engine";
import { WeftError } from "@weft/errors";

/** `events` holding one of the organization's subscription slots while it streams; TOO_MANY_REQUESTS when none is free. */
export function withStreamSlot<T>(
  engine: Engine,
  organizationId: string,
  signal: AbortSignal | undefined,
  open: () => AsyncIterable<T>,
): AsyncIterable<T> {
  const release = engine.streams.acquire(organizationId);
  if (!release) {
    throw new WeftError(
      "TOO_MANY_REQUESTS",
      `This organization already has ${engine.streams.maxPerOrg} live subscriptions on this server (WEFT_SSE_MAX_PER_ORG): close one and retry.`,
    );
  }
  // A stream that is never iterated still gives its slot back when the request goes away.
  signal?.addEventListener("abort", release, { once: true });
  const events = open();
  return (async function* () {
    try {
      yield* events;
    } finally {
      release();
      signal?.removeEventListener("abort", release);
    }
  })();
}
