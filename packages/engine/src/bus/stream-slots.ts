// Live subscriptions (SSE and tRPC) per organization in this process, at most `maxPerOrg` at once, so one tenant
// cannot hold every socket and listener of a server. Counted per process: with N web processes an organization may
// hold up to N × maxPerOrg.
import { trackSubscriber } from "../metrics/record";

export type StreamSlots = {
  /** Takes a slot of the organization: its release function (safe to call twice), or null when all are taken. */
  acquire(organizationId: string): (() => void) | null;
  /** Slots in use by the organization (for tests and metrics). */
  inUse(organizationId: string): number;
  readonly maxPerOrg: number;
  /** Events one subscriber may leave unread before it is dropped. */
  readonly maxPendingEvents: number;
};

/** Unread events per subscriber: minutes behind a running job's progress, a few hundred kilobytes at most. */
const STREAM_MAX_PENDING_EVENTS = 1000;

export function createStreamSlots(maxPerOrg: number, maxPendingEvents = STREAM_MAX_PENDING_EVENTS): StreamSlots {
  const used = new Map<string, number>();
  return {
    maxPerOrg,
    maxPendingEvents,
    acquire(organizationId) {
      const count = used.get(organizationId) ?? 0;
      if (count >= maxPerOrg) return null;
      used.set(organizationId, count + 1);
      const untrack = trackSubscriber();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        untrack();
        const left = (used.get(organizationId) ?? 1) - 1;
        if (left > 0) used.set(organizationId, left);
        else used.delete(organizationId);
      };
    },
    inUse: (organizationId) => used.get(organizationId) ?? 0,
  };
}
