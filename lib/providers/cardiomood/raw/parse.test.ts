import { describe, expect, it } from 'vitest';
import { isHeartbridgeError } from '@/lib/errors';
import { parseRawMetric, parseUserSummaries, RawDataError } from './parse';

const day = { date: '2024-01-01', activity: { date: '2024-01-01', total_steps: 10, distance: 0.1, calories: 2000 } };

/** Throws the first rejected day's error, as a caller that stops on it would. */
function firstRejected(body: unknown) {
  const rejected = parseUserSummaries(body).rejected[0];
  if (rejected) throw rejected.error;
}

function failure(run: () => unknown): RawDataError {
  try {
    run();
  } catch (error) {
    if (error instanceof RawDataError) return error;
    throw error;
  }
  throw new Error('expected a RawDataError');
}

describe('CardioMood raw parsers', () => {
  it('keep unknown fields and allow missing sections', () => {
    const page = parseUserSummaries({ data: [{ ...day, mystery: { a: 1 } }, { date: '2024-01-02' }], current_page: 1 });
    expect(page.data[0]).toMatchObject({ mystery: { a: 1 } });
    expect(page.data[1]).toEqual({ date: '2024-01-02' });
    expect(page.current_page).toBe(1);
  });

  it('accept the legacy heat_rate spellings', () => {
    const page = parseUserSummaries({
      data: [
        { date: '2024-01-01', heart_rate: { date: '2024-01-01', avg_daily_heat_rate: 61, rest_daily_heat_rate: 50 } },
      ],
    });
    expect(page.data[0]?.heart_rate).toMatchObject({ avg_daily_heart_rate: 61, rest_daily_heart_rate: 50 });
  });

  it('accept camelCase spellings of raw fields', () => {
    const [sleep] = parseRawMetric('sleep', [{ timestamp: 1, sleepState: 3 }]);
    const [rr] = parseRawMetric('rr-interval', [{ timestamp: 1, beats: 900 }]);
    const [activity] = parseRawMetric('activity', [{ timestamp: 1, spo2Q: 3 }]);
    expect([sleep?.sleep_state, rr?.rr, activity?.spo2_q]).toEqual([3, 900, 3]);
  });

  it('keep the good days of a page with a broken one, and say which day broke and why', () => {
    const page = parseUserSummaries({
      data: [day, { ...day, date: '2024-01-02', activity: { total_steps: 'x' } }, day],
    });
    expect(page.data).toHaveLength(2);
    expect(page.rejected).toHaveLength(1);
    expect(page.rejected[0]).toMatchObject({ index: 1, date: '2024-01-02' });
    expect(page.rejected[0]?.error.message).toContain('user-summaries record 1: activity');
  });

  it.each([
    [
      'a day without a date',
      () => firstRejected({ data: [{ activity: day.activity }] }),
      'user-summaries record 0: date',
    ],
    [
      'negative total steps',
      () => firstRejected({ data: [day, { ...day, activity: { ...day.activity, total_steps: -5 } }] }),
      'user-summaries record 1: activity.total_steps',
    ],
    [
      'steps as text',
      () => firstRejected({ data: [{ ...day, activity: { ...day.activity, total_steps: 'many' } }] }),
      'activity.total_steps',
    ],
    [
      'a body that is no page',
      () => parseUserSummaries([day]),
      'user-summaries: (body) Invalid input: expected object',
    ],
    [
      'raw metrics that are no array',
      () => parseRawMetric('activity', { data: [] }),
      'raw-metrics/activity: (body) is not an array',
    ],
    [
      'a record without a timestamp',
      () => parseRawMetric('temperature', [{ timestamp: 1 }, { temp1: 33 }]),
      'raw-metrics/temperature record 1: timestamp',
    ],
    ['a sleep record without a state', () => parseRawMetric('sleep', [{ timestamp: 1 }]), 'record 0: sleep_state'],
  ])('name the field and the record of %s', (_name, run, message) => {
    const error = failure(run);
    expect(isHeartbridgeError(error)).toBe(true);
    expect(error.message).toContain(message);
  });
});
