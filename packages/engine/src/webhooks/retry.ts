// When the next attempt is due: the schedule (WEFT_WEBHOOK_RETRY_SCHEDULE) with ±20 % jitter, at least 60 s after a
// timeout or a 429. null: the retries are used up.
export function nextRetryDelayMs(
  schedule: readonly number[],
  attemptsMade: number,
  statusCode: number,
  random: () => number = Math.random,
): number | null {
  const base = schedule[attemptsMade - 1];
  if (base === undefined) return null;
  const jittered = base * (0.8 + 0.4 * random());
  const slowDown = statusCode === 0 || statusCode === 429;
  return Math.round(1000 * (slowDown ? Math.max(60, jittered) : jittered));
}
