import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateModel } from '@/lib/models/validate';
import { parseRawMetric } from '../raw/parse';
import { simulatedDay } from '../simulator/sample-day';
import { missingFrom, numbers, sampleTimes } from '../testing/superset';
import { normalizeBody } from './body';
import { normalizeDaily } from './daily';
import type { DayRaw } from './day-input';

const person = { seed: 'user1', offsetMinutes: 60 };
const { day } = simulatedDay(person, '2026-11-20');

describe('Daily', () => {
  it('validates against Terra’s schema and carries the day’s figures', () => {
    const { payload, dropped } = normalizeDaily(day);
    expect(validateModel('Daily', payload)).toEqual({ valid: true, errors: [] });
    expect(payload.metadata).toEqual({
      start_time: '2026-11-20T00:00:00.000000+01:00',
      end_time: '2026-11-21T00:00:00.000000+01:00',
      upload_type: 1,
      timestamp_localization: 1,
    });
    expect(payload.distance_data?.steps).toBe(day.summary?.activity?.total_steps);
    expect(payload.distance_data?.distance_meters).toBe((day.summary?.activity?.distance ?? 0) * 1000);
    expect(payload.heart_rate_data?.summary?.resting_hr_bpm).toBe(day.summary?.heart_rate?.rest_daily_heart_rate);
    expect(payload.heart_rate_data?.detailed?.hr_samples?.length).toBeGreaterThan(1300);
    expect(dropped).toEqual({});
  });

  it('is byte-identical when the same raw is normalized twice', () => {
    expect(JSON.stringify(normalizeDaily(day).payload)).toBe(JSON.stringify(normalizeDaily(day).payload));
  });

  it('grows into a superset as the day fills in', () => {
    const morning = simulatedDay(person, '2026-11-20', Date.parse('2026-11-20T10:30:00+01:00')).day;
    const earlier = normalizeDaily(morning).payload;
    const later = normalizeDaily(day).payload;
    expect(missingFrom(earlier, later)).toEqual([]);
    expect(later.distance_data?.steps ?? 0).toBeGreaterThanOrEqual(earlier.distance_data?.steps ?? 0);
  });

  it('drops and counts implausible samples and samples outside the day', () => {
    const bad = parseRawMetric('activity', [
      { timestamp: Date.parse('2026-11-20T09:00:00+01:00'), bpm: 0, bpm_q: 4, last_steps: -3 },
      { timestamp: Date.parse('2026-11-20T09:01:00+01:00'), bpm: 400, bpm_q: 4 },
      { timestamp: Date.parse('2026-11-21T09:01:00+01:00'), bpm: 70, bpm_q: 4 },
    ]);
    const { payload, dropped } = normalizeDaily({ ...day, summary: null, activity: [...day.activity, ...bad] });
    expect(dropped).toEqual({ heartRateBpm: 2, stepsPerSlot: 1, outside_interval: 1 });
    expect(payload.heart_rate_data?.summary?.max_hr_bpm).toBeLessThan(250);
  });

  it('works from the summary alone, and from raw records alone', () => {
    const summaryOnly = normalizeDaily({ ...day, activity: [], hrv: [], rr: [], temperature: [], sleep: [] });
    const rawOnly = normalizeDaily({ ...day, summary: null });
    for (const { payload } of [summaryOnly, rawOnly]) expect(validateModel('Daily', payload).valid).toBe(true);
    expect(rawOnly.payload.distance_data?.steps).toBe(day.summary?.activity?.total_steps);
    expect(summaryOnly.payload.heart_rate_data?.detailed?.hr_samples?.length).toBe(288);
  });
});

describe('Daily and Body over generated days (property)', () => {
  const people = fc.record({
    seed: fc.string({ minLength: 1, maxLength: 8 }),
    offsetMinutes: fc.integer({ min: -48, max: 56 }).map((q) => q * 15),
    date: fc
      .integer({ min: 0, max: 3000 })
      .map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)),
    cut: fc.option(fc.double({ min: 0.05, max: 1, noNaN: true }), { nil: undefined }),
  });

  it('validate, keep samples sorted inside the day, have no NaN or negatives, and total steps exactly', () => {
    fc.assert(
      fc.property(people, ({ seed, offsetMinutes, date, cut }) => {
        const start = Date.parse(`${date}T00:00:00Z`) - offsetMinutes * 60_000;
        const upTo = cut === undefined ? Number.POSITIVE_INFINITY : start + cut * 86_400_000;
        const raw: DayRaw = simulatedDay({ seed, offsetMinutes }, date, upTo).day;
        const daily = normalizeDaily(raw).payload;
        const body = normalizeBody(raw)?.payload;
        expect(validateModel('Daily', daily).errors).toEqual([]);
        if (body) expect(validateModel('Body', body).errors).toEqual([]);
        for (const payload of [daily, body]) {
          for (const [path, value] of numbers(payload)) {
            expect(Number.isFinite(value) && value >= 0, `${path} = ${value}`).toBe(true);
          }
          for (const times of sampleTimes(payload)) {
            const instants = times.map((t) => Date.parse(t));
            expect(instants).toEqual([...instants].sort((a, b) => a - b));
            for (const t of instants) expect(t >= start && t <= start + 86_400_000).toBe(true);
          }
        }
        // Step samples are running totals: they never decrease and the last one is the day's steps.
        const totals = (daily.distance_data?.detailed?.step_samples ?? []).map((s) => s.steps ?? 0);
        expect(totals).toEqual([...totals].sort((a, b) => a - b));
        if (totals.length) expect(daily.distance_data?.steps).toBe(totals.at(-1));
      }),
      { numRuns: 8 },
    );
  });
});
