/**
 * How polls spend the CardioMood budget, as pure rules shared by the sync and the scheduler benchmark
 * (`bench/scheduler.ts`). A summary call is 1; a day's raw metrics (samples) are 5, so they are
 * fetched once a day has ended, and for today only while the client app's budget has room to spare.
 */

/** The changed days whose raw metrics this poll fetches: every ended day, today only when spare. */
export function samplesDays(changed: string[], today: string, spare: boolean): string[] {
  return changed.filter((day) => day < today || (day === today && spare));
}

/**
 * The days that ended since the last poll (its local day, null before the first): their samples are
 * fetched once now, complete, even when their summary did not change after that poll.
 */
export function endedSinceLastPoll(dates: string[], lastPollDay: string | null): string[] {
  const today = dates.at(-1) ?? '';
  return dates.filter((day) => day < today && (lastPollDay === null || lastPollDay <= day));
}

/** Room to spare: the client app used under half its limit in the last clock minute. */
export function hasSpareBudget(callsLastMinute: number, perMinute: number): boolean {
  return callsLastMinute < perMinute / 2;
}

/**
 * The wait before a connection's next poll: the poll interval while its data changes; a connection
 * idle for a while (band not worn) is polled every half of its idle time, up to 4 × the interval.
 */
export function nextPollDelayMs(intervalMinutes: number, lastDataAt: Date | null, since: Date, now: Date): number {
  const interval = intervalMinutes * 60_000;
  const idle = now.getTime() - (lastDataAt ?? since).getTime();
  return Math.min(4 * interval, Math.max(interval, Math.round(idle / 2)));
}

/**
 * The token bucket's shape: a burst of one second's worth of calls, refilled at the rest of the
 * limit, so that no 60-second window, however it falls, sees more calls than the limit.
 */
export function bucketShape(perMinute: number) {
  const capacity = Math.max(1, Math.floor(perMinute / 60));
  return { capacity, refillPerMs: Math.max(perMinute - capacity, 1) / 60_000 };
}
