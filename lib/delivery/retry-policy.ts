/** Terra's and Svix's schedule by default: doubling from 30 s, capped at 8 h, with ±20 % jitter. */
export const defaultSchedule = { baseMs: 30_000, capMs: 8 * 3_600_000 };

export type AttemptResult = { kind: 'delivered' } | { kind: 'gone' } | { kind: 'retry'; retryAfterMs?: number };

/** What an HTTP answer (or its absence) means for the delivery: only 2xx delivers, 410 disables. */
export function classify(statusCode: number | null, retryAfter?: string | null): AttemptResult {
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return { kind: 'delivered' };
  if (statusCode === 410) return { kind: 'gone' };
  return { kind: 'retry', retryAfterMs: parseRetryAfter(retryAfter) };
}

/** Delay before the attempt after `attempts` failed ones; a receiver's Retry-After wins when longer. */
export function retryDelayMs(
  attempts: number,
  retryAfterMs: number | undefined,
  random = Math.random,
  { baseMs, capMs } = defaultSchedule,
): number {
  const doubled = Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(doubled * (0.8 + 0.4 * random()));
  return Math.min(capMs, Math.max(jittered, retryAfterMs ?? 0));
}

/** `Retry-After` in seconds or as an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
