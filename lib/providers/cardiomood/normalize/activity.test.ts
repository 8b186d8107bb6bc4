import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Activity } from '@/lib/models/terra';
import { validateModel } from '@/lib/models/validate';
import { ACTIVITY_TYPE, MIN_BOUT_SECONDS } from '../assumptions';
import type { ActivityRecord } from '../raw/metrics';
import { normalizeActivities } from './activity';
import type { DayRaw } from './day-input';
import { localDay } from './time';

const { walk, run, cycle, rest, other } = ACTIVITY_TYPE;
const DATE = '2024-05-14';
const local = (hhmm: string, date = DATE) => Date.parse(`${date}T${hhmm}:00.000+02:00`);

/** `count` one-minute records of one type from local time `from` (+02:00). */
function minutes(from: string, count: number, type: number, fill: (i: number) => Partial<ActivityRecord> = () => ({})) {
  const start = local(from.slice(-5), from.length > 5 ? from.slice(0, 10) : DATE);
  return Array.from(
    { length: count },
    (_, i): ActivityRecord => ({
      timestamp: start + i * 60_000,
      activity_type: type,
      wearing: 4,
      bpm_q: 4,
      ...fill(i),
    }),
  );
}

const dayOf = (activity: ActivityRecord[], date = DATE, utcOffsetMinutes = 120): DayRaw => ({
  date,
  utcOffsetMinutes,
  activity,
  sleep: [],
  rr: [],
  temperature: [],
  hrv: [],
});

const resting = () => ({ bpm: 62, last_steps: 0, energy_exp: 1200 });
const records = [
  ...minutes('06:00', 60, rest, resting),
  ...minutes('07:00', 35, walk, () => ({ bpm: 95, last_steps: 100, speed: 1.4, energy_exp: 4000 })),
  ...minutes('07:35', 85, rest, resting),
  ...minutes('09:00', 5, walk, () => ({ bpm: 90, last_steps: 90, speed: 1.3, energy_exp: 3500 })),
  ...minutes('09:05', 155, rest, resting),
  ...minutes('11:40', 42, run, (i) => ({ bpm: 120 + i, last_steps: 160, speed: 2.5 + 0.05 * i, energy_exp: 10_000 })),
  ...minutes('12:22', 338, rest, resting),
  ...minutes('18:00', 25, cycle, () => ({ bpm: 130, speed: 6, energy_exp: 8000 })),
  ...minutes('18:25', 60, rest, resting),
];

const brief = ({ payload: p }: { payload: Activity }) => ({
  id: p.metadata.summary_id,
  type: p.metadata.type,
  start: p.metadata.start_time,
  end: p.metadata.end_time,
  seconds: p.active_durations_data?.activity_seconds,
  steps: p.distance_data?.summary?.steps,
  meters: p.distance_data?.summary?.distance_meters,
  kcal: p.calories_data?.total_burned_calories,
});
const stepValues = (p: Activity) => (p.distance_data?.detailed?.step_samples ?? []).map((s) => s.steps ?? Number.NaN);

describe('normalizeActivities', () => {
  const activities = normalizeActivities(dayOf(records));

  it('makes one Activity per walk, run and ride of ten minutes or more', () => {
    expect(activities.map(brief)).toEqual([
      {
        id: `cardiomood-walk-${local('07:00') / 1000}`,
        type: 7,
        start: '2024-05-14T07:00:00.000000+02:00',
        end: '2024-05-14T07:35:00.000000+02:00',
        seconds: 2100,
        steps: 3500,
        meters: 2940,
        kcal: 140,
      },
      {
        id: `cardiomood-run-${local('11:40') / 1000}`,
        type: 8,
        start: '2024-05-14T11:40:00.000000+02:00',
        end: '2024-05-14T12:22:00.000000+02:00',
        seconds: 2520,
        steps: 6720,
        meters: 8883, // 60 s × Σ(2.5 + 0.05 i), i = 0…41
        kcal: 420,
      },
      {
        id: `cardiomood-cycle-${local('18:00') / 1000}`,
        type: 1,
        start: '2024-05-14T18:00:00.000000+02:00',
        end: '2024-05-14T18:25:00.000000+02:00',
        seconds: 1500,
        steps: null,
        meters: 9000,
        kcal: 200,
      },
    ]);
    const runPayload = activities[1]?.payload;
    expect(runPayload?.heart_rate_data?.summary).toEqual({ avg_hr_bpm: 140.5, max_hr_bpm: 161, min_hr_bpm: 120 });
    expect(runPayload?.movement_data?.max_speed_meters_per_second).toBeCloseTo(4.55, 6);
    expect(runPayload?.movement_data?.avg_speed_meters_per_second).toBeCloseTo(3.525, 2);
    expect(runPayload?.heart_rate_data?.detailed?.hr_samples?.[1]).toEqual({
      timestamp: '2024-05-14T11:41:00.000000+02:00',
      bpm: 121,
      timer_duration_seconds: 60,
    });
    expect(activities.every((a) => Object.keys(a.dropped).length === 0)).toBe(true);
  });

  it('validates every Activity against Terra’s schema', () => {
    for (const { payload } of activities)
      expect(validateModel('Activity', payload)).toEqual({ valid: true, errors: [] });
  });

  it('gives byte-identical JSON for the same day, whatever the order of the records', () => {
    const json = JSON.stringify(activities);
    expect(JSON.stringify(normalizeActivities(dayOf(records)))).toBe(json);
    expect(JSON.stringify(normalizeActivities(dayOf([...records].reverse())))).toBe(json);
  });

  it('keeps summary_ids as the day fills in, and the grown bout only gains samples', () => {
    const morning = normalizeActivities(dayOf(records.filter((r) => r.timestamp < local('12:00'))));
    expect(morning.map((a) => a.payload.metadata.summary_id)).toEqual(
      activities.slice(0, 2).map((a) => a.payload.metadata.summary_id),
    );
    const [cut, full] = [morning[1]?.payload, activities[1]?.payload];
    expect(cut?.metadata.end_time).toBe('2024-05-14T12:00:00.000000+02:00');
    expect(cut?.metadata.start_time).toBe(full?.metadata.start_time);
    for (const key of ['step_samples', 'distance_samples'] as const) {
      const before = cut?.distance_data?.detailed?.[key] ?? [];
      expect(before).toHaveLength(20);
      expect(full?.distance_data?.detailed?.[key]?.slice(0, before.length)).toEqual(before);
    }
    expect(full?.heart_rate_data?.detailed?.hr_samples).toEqual(
      expect.arrayContaining(cut?.heart_rate_data?.detailed?.hr_samples ?? []),
    );
  });

  it('sends cumulative step samples whose increments sum to the step total', () => {
    const walked = activities[0]?.payload;
    const totals = walked ? stepValues(walked) : [];
    expect(totals.map((total, i) => total - (totals[i - 1] ?? 0))).toEqual(Array(35).fill(100));
    expect(totals.at(-1)).toBe(walked?.distance_data?.summary?.steps);
    expect(walked?.distance_data?.detailed?.step_samples?.[0]).toEqual({
      timestamp: '2024-05-14T07:01:00.000000+02:00',
      steps: 100,
      timer_duration_seconds: 60,
    });
  });

  it('ends a bout at a record of another type or a gap of three minutes, not at a shorter gap', () => {
    const walking = (from: string, count: number) => minutes(from, count, walk, () => ({ last_steps: 100 }));
    const split = normalizeActivities(
      dayOf([...walking('07:00', 15), ...minutes('07:15', 1, other), ...walking('07:16', 15), ...walking('07:33', 12)]),
    );
    const hours = split.map((a) => `${brief(a).start.slice(11, 16)}–${brief(a).end.slice(11, 16)}`);
    expect(hours).toEqual(['07:00–07:15', '07:16–07:31', '07:33–07:45']);
    const bridged = normalizeActivities(dayOf([...walking('07:00', 8), ...walking('07:09', 8)]));
    expect(bridged.map(brief).map((a) => [a.seconds, a.steps, a.meters])).toEqual([[1020, 1600, null]]);
  });

  it('drops and counts implausible samples, and ignores low-quality heart rate', () => {
    const broken = records.map((r) => {
      const at = r.timestamp;
      if (at === local('07:03')) return { ...r, bpm: 0 };
      if (at === local('07:04')) return { ...r, bpm: 400 };
      if (at === local('07:05')) return { ...r, last_steps: -5 };
      if (at === local('07:06')) return { ...r, speed: 45 };
      if (at === local('07:07')) return { ...r, bpm: 150, bpm_q: 1 };
      return r;
    });
    const [first] = normalizeActivities(dayOf(broken));
    expect(first?.dropped).toEqual({ heartRateBpm: 2, stepsPerSlot: 1, speedMetersPerSecond: 1 });
    expect(first && brief(first)).toMatchObject({ steps: 3400, meters: 2856 });
    expect(first?.payload.heart_rate_data?.detailed?.hr_samples).toHaveLength(32);
    expect(first?.payload.heart_rate_data?.summary?.max_hr_bpm).toBe(95);
  });

  it('cuts bouts at the local day’s edges and counts the records cut off', () => {
    const day = [
      ...minutes('2024-05-13T23:50', 30, walk),
      ...minutes('23:45', 25, run),
      ...minutes('2024-05-13T22:00', 20, cycle),
    ];
    const result = normalizeActivities(dayOf(day));
    expect(result.map((a) => [brief(a).start, brief(a).end, a.dropped])).toEqual([
      ['2024-05-14T00:00:00.000000+02:00', '2024-05-14T00:20:00.000000+02:00', { outside_interval: 10 }],
      ['2024-05-14T23:45:00.000000+02:00', '2024-05-15T00:00:00.000000+02:00', { outside_interval: 10 }],
    ]);
  });
});

const segment = fc.record({
  type: fc.oneof(
    { arbitrary: fc.constantFrom(walk, run, cycle), weight: 3 },
    { arbitrary: fc.constantFrom<number | null>(0, other, rest, null), weight: 1 },
  ),
  gap: fc.integer({ min: 0, max: 5 }),
  values: fc.array(
    fc.record({
      bpm: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
      bpm_q: fc.integer({ min: 0, max: 4 }),
      wearing: fc.integer({ min: 0, max: 4 }),
      last_steps: fc.option(fc.integer({ min: -20, max: 300 }), { nil: null }),
      speed: fc.option(fc.double({ min: -1, max: 40, noNaN: true }), { nil: null }),
      energy_exp: fc.option(fc.integer({ min: -100, max: 60_000 }), { nil: null }),
    }),
    { minLength: 1, maxLength: 40, size: 'max' },
  ),
});

const generatedDay = fc.record({
  date: fc.constantFrom('2024-01-01', '2024-03-31', '2024-12-31'),
  offset: fc.integer({ min: -720, max: 840 }),
  startMinute: fc.oneof(
    fc.integer({ min: -60, max: 1440 }),
    fc.integer({ min: -60, max: 0 }),
    fc.integer({ min: 1400, max: 1440 }),
  ),
  second: fc.integer({ min: 0, max: 59 }),
  segments: fc.array(segment, { maxLength: 20 }),
  cutMinute: fc.integer({ min: 0, max: 1440 }),
});

type GeneratedDay = typeof generatedDay extends fc.Arbitrary<infer T> ? T : never;

function buildDay(g: GeneratedDay) {
  const start = localDay(g.date, g.offset).start + g.startMinute * 60_000 + g.second * 1000;
  const out: ActivityRecord[] = [];
  let minute = 0;
  for (const s of g.segments) {
    for (const v of s.values) out.push({ timestamp: start + minute++ * 60_000, activity_type: s.type, ...v });
    minute += s.gap;
  }
  return out;
}

function numbers(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbers);
  return [];
}

describe('normalizeActivities, over generated days', () => {
  it('gives valid, sorted, in-bout, non-negative, self-consistent and stable activities', () => {
    fc.assert(
      fc.property(generatedDay, (g) => {
        const raw = buildDay(g);
        const result = normalizeActivities(dayOf(raw, g.date, g.offset));
        expect(JSON.stringify(normalizeActivities(dayOf(raw, g.date, g.offset)))).toBe(JSON.stringify(result));
        const ids = result.map((a) => a.payload.metadata.summary_id);
        expect(new Set(ids).size).toBe(ids.length);
        let previousEnd = Number.NEGATIVE_INFINITY;
        for (const { payload: p, dropped } of result) {
          expect(validateModel('Activity', p).errors).toEqual([]);
          const [start, end] = [Date.parse(p.metadata.start_time), Date.parse(p.metadata.end_time)];
          expect(end - start).toBeGreaterThanOrEqual(MIN_BOUT_SECONDS * 1000);
          expect(start).toBeGreaterThanOrEqual(previousEnd);
          previousEnd = end;
          for (const n of [...numbers(p), ...Object.values(dropped)]) expect(Number.isFinite(n) && n >= 0).toBe(true);
          const series = [
            p.distance_data?.detailed?.step_samples,
            p.distance_data?.detailed?.distance_samples,
            p.movement_data?.speed_samples,
            p.calories_data?.calorie_samples,
            p.heart_rate_data?.detailed?.hr_samples,
          ];
          for (const list of series) {
            const times = (list ?? []).map((s) => Date.parse(s.timestamp ?? ''));
            expect(times).toEqual([...times].sort((a, b) => a - b));
            expect(times.every((t) => t >= start && t <= end)).toBe(true);
          }
          const steps = stepValues(p);
          expect(steps).toEqual([...steps].sort((a, b) => a - b));
          expect(steps.at(-1) ?? null).toBe(p.distance_data?.summary?.steps);
          const meters = (p.distance_data?.detailed?.distance_samples ?? []).map((s) => s.distance_meters);
          expect(meters.at(-1) ?? null).toBe(p.distance_data?.summary?.distance_meters);
          const kcal = (p.calories_data?.calorie_samples ?? []).map((s) => s.calories ?? 0);
          const total = p.calories_data?.total_burned_calories ?? 0;
          expect(Math.abs(kcal.reduce((a, b) => a + b, 0) - total)).toBeLessThanOrEqual(0.05 + kcal.length * 0.0005);
        }
        const cutAt = localDay(g.date, g.offset).start + g.cutMinute * 60_000;
        const earlier = normalizeActivities(
          dayOf(
            raw.filter((r) => r.timestamp < cutAt),
            g.date,
            g.offset,
          ),
        );
        for (const { payload: before } of earlier) {
          const after = result.find((a) => a.payload.metadata.summary_id === before.metadata.summary_id)?.payload;
          expect(after).toBeDefined();
          const prefix = after ? stepValues(after).slice(0, stepValues(before).length) : [];
          expect(prefix).toEqual(stepValues(before));
        }
      }),
      { numRuns: 150 },
    );
  });
});
