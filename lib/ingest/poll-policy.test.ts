import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketShape, endedSinceLastPoll, hasSpareBudget, nextPollDelayMs, samplesDays } from './poll-policy';

const hour = 3_600_000;

describe('poll policy', () => {
  it("fetches every ended day's samples, and today's only with budget to spare", () => {
    const changed = ['2026-03-13', '2026-03-15'];
    expect(samplesDays(changed, '2026-03-15', false)).toEqual(['2026-03-13']);
    expect(samplesDays(changed, '2026-03-15', true)).toEqual(changed);
    expect(hasSpareBudget(89, 180)).toBe(true);
    expect(hasSpareBudget(90, 180)).toBe(false);
  });

  it('fetches the samples of every day that ended since the last poll, once', () => {
    const dates = ['2026-03-13', '2026-03-14', '2026-03-15'];
    expect(endedSinceLastPoll(dates, '2026-03-14')).toEqual(['2026-03-14']);
    expect(endedSinceLastPoll(dates, '2026-03-15')).toEqual([]);
    expect(endedSinceLastPoll(dates, '2026-03-10')).toEqual(['2026-03-13', '2026-03-14']);
    expect(endedSinceLastPoll(dates, null)).toEqual(['2026-03-13', '2026-03-14']);
  });

  it('polls at the interval while data changes, at half the idle time after, up to 4 × the interval', () => {
    const now = new Date('2026-03-15T12:00:00Z');
    const ago = (ms: number) => new Date(now.getTime() - ms);
    expect(nextPollDelayMs(60, now, ago(0), now)).toBe(hour);
    expect(nextPollDelayMs(60, ago(3 * hour), ago(0), now)).toBe(1.5 * hour);
    expect(nextPollDelayMs(60, ago(30 * hour), ago(0), now)).toBe(4 * hour);
    expect(nextPollDelayMs(60, null, ago(6 * hour), now)).toBe(3 * hour); // never any data: idle since connected
  });

  it('never lets a 60-second window see more calls than the limit, and uses nearly all of it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10_000 }), (perMinute) => {
        const { capacity, refillPerMs } = bucketShape(perMinute);
        expect(capacity + refillPerMs * 60_000).toBeLessThanOrEqual(perMinute + 1e-9);
        if (perMinute >= 60) expect(refillPerMs * 60_000).toBeGreaterThanOrEqual(perMinute * 0.98);
      }),
    );
  });
});
