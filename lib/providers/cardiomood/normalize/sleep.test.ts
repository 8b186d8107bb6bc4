import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sleep } from '@/lib/models/terra';
import { validateModel } from '@/lib/models/validate';
import { SLEEP_STATE } from '../assumptions';
import type { ActivityRecord, HrvRecord, RrIntervalRecord, SleepRecord } from '../raw/metrics';
import { RawDataError } from '../raw/parse';
import type { UserSummary } from '../raw/summary';
import type { DayRaw } from './day-input';
import { nightWindow, normalizeSleep } from './sleep';

const DATE = '2024-03-10';
const OFFSET = 60;
const MIN = 60_000;
const DAY_MINUTES = 24 * 60;
const { awake, light, deep, rem } = SLEEP_STATE;
const vitalsQuality = { bpm_q: 4, resp_q: 3, spo2_q: 3, wearing: 4 };

/** Epoch ms of a local (+01:00) wall-clock time `hh:mm[:ss]` on DATE, or on the day before. */
const at = (time: string, dayBefore = false) =>
  Date.parse(`${dayBefore ? '2024-03-09' : DATE}T${time.length === 5 ? `${time}:00` : time}.000+01:00`);
const empty = { summary: null, activity: [], sleep: [], rr: [], temperature: [], hrv: [] };
const day = (parts: Partial<DayRaw>): DayRaw => ({ date: DATE, utcOffsetMinutes: OFFSET, ...empty, ...parts });
const sleepRecord = (timestamp: number, sleep_state: number): SleepRecord => ({ timestamp, sleep_state, quality: 3 });
const run = (input: DayRaw) => {
  const normalized = normalizeSleep(input);
  if (!normalized) throw new Error('expected a Sleep payload');
  return normalized;
};

/** 22:45–06:30 in 30-s records: ~90-minute cycles, deep early, REM late, brief awakenings, then lying awake. */
function realisticNight() {
  const plan: Array<[number, number]> = [[awake, 14]];
  for (let cycle = 0; cycle < 5; cycle++) {
    plan.push([light, 25], [deep, Math.max(1, 45 - cycle * 11)], [light, 15], [rem, 8 + cycle * 7]);
    if (cycle % 2 === 1) plan.push([awake, 2]);
  }
  const start = at('22:45', true);
  const end = at('06:30');
  const stages = plan.flatMap(([state, minutes]) => Array<number>(minutes * 2).fill(state));
  const sleep: SleepRecord[] = [];
  for (let t = start, i = 0; t < end; t += 30_000, i++) sleep.push(sleepRecord(t, stages[i] ?? awake));
  const minutes = (state: number) => sleep.filter((r) => r.sleep_state === state).length / 2;
  const activity: ActivityRecord[] = [];
  const window = nightWindow(DATE, OFFSET);
  for (let t = window.start, i = 0; t < window.end; t += MIN, i++) {
    const night = t >= start && t < end;
    const bpm = night ? 50 + (i % 9) : 72 + (i % 15);
    activity.push({ timestamp: t, bpm, respiration_rate: 13 + (i % 4), spo2: 96, ...vitalsQuality });
  }
  const hrv: HrvRecord[] = [];
  for (let t = start, i = 0; t < end; t += 5 * MIN, i++)
    hrv.push({ timestamp: t, rmssd: 40 + (i % 7), sdnn: 55 + (i % 5) });
  return { raw: day({ sleep, activity, hrv }), minutes };
}

/** 23:00–23:11:30: hand-checkable runs, an unknown code and an 8.5-minute gap in the records. */
const tinyNight = () =>
  day({
    sleep: [
      sleepRecord(at('23:00:00', true), awake),
      sleepRecord(at('23:00:30', true), light),
      sleepRecord(at('23:01:00', true), 9), // no such code: unknown
      sleepRecord(at('23:01:30', true), deep), // covers 5 minutes; the next 3.5 are unmeasurable
      sleepRecord(at('23:10:00', true), rem),
      sleepRecord(at('23:10:30', true), awake),
      sleepRecord(at('23:11:00', true), awake),
    ],
  });

/** Everything a Sleep payload must satisfy whatever the raw: schema, exact durations, samples in the session. */
function expectSound(payload: Sleep) {
  expect(validateModel('Sleep', payload)).toEqual({ valid: true, errors: [] });
  const durations = payload.sleep_durations_data;
  const a = durations?.asleep;
  const parts = [
    durations?.awake?.duration_awake_state_seconds,
    a?.duration_light_sleep_state_seconds,
    a?.duration_deep_sleep_state_seconds,
    a?.duration_REM_sleep_state_seconds,
    durations?.other?.duration_unmeasurable_sleep_seconds,
  ].map((seconds) => seconds ?? 0);
  for (const seconds of parts) expect(Number.isInteger(seconds)).toBe(true);
  expect(parts.reduce((x, y) => x + y, 0)).toBe(durations?.other?.duration_in_bed_seconds);
  expect(durations?.sleep_efficiency ?? 0).toBeGreaterThanOrEqual(0);
  expect(durations?.sleep_efficiency ?? 0).toBeLessThanOrEqual(100);
  const [start, end] = [Date.parse(payload.metadata.start_time), Date.parse(payload.metadata.end_time)];
  expect(end).toBeGreaterThanOrEqual(start);
  const series = [
    durations?.hypnogram_samples,
    payload.heart_rate_data?.detailed?.hr_samples,
    payload.heart_rate_data?.detailed?.hrv_samples_rmssd,
    payload.heart_rate_data?.detailed?.hrv_samples_sdnn,
    payload.respiration_data?.breaths_data?.samples,
    payload.respiration_data?.oxygen_saturation_data?.samples,
  ];
  const levels = durations?.hypnogram_samples?.map((s) => s.level) ?? [];
  expect(levels.every((level, i) => i === 0 || level !== levels[i - 1])).toBe(true); // one sample per change
  for (const samples of series) {
    const times = (samples ?? []).map((s) => Date.parse(s.timestamp ?? ''));
    for (const time of times) expect(time >= start && time < end).toBe(true);
    expect(times).toEqual([...times].sort((x, y) => x - y));
  }
  expectFiniteAndNonNegative(payload);
}

function expectFiniteAndNonNegative(value: unknown, path = ''): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value) && value >= 0, `${path} = ${value}`).toBe(true);
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) expectFiniteAndNonNegative(child, `${path}/${key}`);
  }
}

/** Paths of every non-null value (non-empty arrays count as one value). */
function filledPaths(value: unknown, path = ''): string[] {
  if (value === null || value === undefined || (Array.isArray(value) && !value.length)) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return [path];
  return Object.entries(value).flatMap(([key, child]) => filledPaths(child, `${path}/${key}`));
}

describe('normalizeSleep', () => {
  it('turns a realistic night into a valid Sleep whose stages add up to the time in bed', () => {
    const { raw, minutes } = realisticNight();
    const { payload, dropped } = run(raw);
    expectSound(payload);
    expect(dropped).toEqual({});
    expect(payload.metadata).toMatchObject({
      start_time: '2024-03-09T22:45:00.000000+01:00',
      end_time: '2024-03-10T06:30:00.000000+01:00',
      summary_id: 'cardiomood-sleep-2024-03-10',
      upload_type: 2,
      timestamp_localization: 1,
    });
    const d = payload.sleep_durations_data;
    expect(d?.other).toEqual({ duration_in_bed_seconds: 465 * 60, duration_unmeasurable_sleep_seconds: 0 });
    expect(d?.asleep).toMatchObject({
      duration_light_sleep_state_seconds: minutes(light) * 60,
      duration_deep_sleep_state_seconds: minutes(deep) * 60,
      duration_REM_sleep_state_seconds: minutes(rem) * 60,
      num_REM_events: 5,
    });
    expect(d?.awake).toMatchObject({ duration_awake_state_seconds: minutes(awake) * 60, num_wakeup_events: 3 });
    expect(d?.awake?.sleep_latency_seconds).toBe(14 * 60);
    expect(d?.sleep_efficiency).toBeGreaterThan(80);
    expect(d?.hypnogram_samples?.[0]).toEqual({ timestamp: '2024-03-09T22:45:00.000000+01:00', level: 1 });
    const hr = payload.heart_rate_data;
    expect(hr?.detailed?.hr_samples).toHaveLength(465); // one a minute in the session, none from the day
    expect(hr?.summary).toMatchObject({ min_hr_bpm: 50, max_hr_bpm: 58, avg_hrv_rmssd: expect.any(Number) });
    expect(hr?.detailed?.hrv_samples_sdnn).toHaveLength(93);
    expect(payload.respiration_data?.breaths_data).toMatchObject({ min_breaths_per_min: 13, max_breaths_per_min: 16 });
    expect(payload.temperature_data).toEqual({ delta: null });
  });

  it('works out a tiny night by hand: unknown codes and capped gaps are unmeasurable', () => {
    const { payload } = run(tinyNight());
    expectSound(payload);
    const d = payload.sleep_durations_data;
    expect(payload.metadata.end_time).toBe('2024-03-09T23:11:30.000000+01:00');
    expect(d?.asleep).toEqual({
      duration_asleep_state_seconds: 360,
      duration_light_sleep_state_seconds: 30,
      duration_deep_sleep_state_seconds: 300,
      duration_REM_sleep_state_seconds: 30,
      num_REM_events: 1,
    });
    expect(d?.awake).toEqual({
      duration_awake_state_seconds: 90,
      num_wakeup_events: 1,
      sleep_latency_seconds: 30,
      wake_up_latency_seconds: 60,
    });
    expect(d?.other).toEqual({ duration_in_bed_seconds: 690, duration_unmeasurable_sleep_seconds: 240 });
    expect(d?.sleep_efficiency).toBe(52.2);
    expect(d?.hypnogram_samples?.map((s) => [s.timestamp?.slice(11, 19), s.level])).toEqual([
      ['23:00:00', 1],
      ['23:00:30', 4],
      ['23:01:00', 0],
      ['23:01:30', 5],
      ['23:06:30', 0],
      ['23:10:00', 6],
      ['23:10:30', 1],
    ]);
  });

  it('gives byte-identical JSON for the same night, in any record order', () => {
    const { raw } = realisticNight();
    const first = JSON.stringify(run(raw));
    expect(JSON.stringify(run(raw))).toBe(first);
    expect(JSON.stringify(run({ ...raw, sleep: [...raw.sleep].reverse() }))).toBe(first);
  });

  it('keeps every field and the summary_id when a fuller raw of the same night arrives', () => {
    const { raw } = realisticNight();
    const half = run({ ...raw, sleep: raw.sleep.slice(0, raw.sleep.length / 2) }).payload;
    const full = run(raw).payload;
    expect(full.metadata.summary_id).toBe(half.metadata.summary_id);
    expect(filledPaths(full)).toEqual(expect.arrayContaining(filledPaths(half)));
  });

  it('drops and counts implausible heart rates and records outside the night window', () => {
    const { raw } = realisticNight();
    const wild = [0, 400].map((bpm, i): ActivityRecord => ({ timestamp: at(`0${i + 1}:00:30`), bpm, bpm_q: 4 }));
    const late = sleepRecord(at('13:00'), light);
    const { payload, dropped } = run({ ...raw, activity: [...raw.activity, ...wild], sleep: [...raw.sleep, late] });
    expect(dropped).toEqual({ heartRateBpm: 2, outside_interval: 1 });
    expect(payload.heart_rate_data?.detailed?.hr_samples).toHaveLength(465);
    expect(payload.metadata.end_time).toBe('2024-03-10T06:30:00.000000+01:00');
  });

  it('derives RMSSD from RR intervals when there are no HRV records', () => {
    const rr: RrIntervalRecord[] = [];
    for (let t = at('23:00:00', true), i = 0; t < at('23:10:00', true); i++) {
      const beat = i === 100 ? 3000 : i % 2 ? 1040 : 1000; // one implausible beat breaks the chain, nothing more
      rr.push({ timestamp: t, rr: beat });
      t += beat;
    }
    const { payload, dropped } = run({ ...tinyNight(), rr });
    expect(dropped).toEqual({ rrIntervalMs: 1 });
    expect(payload.heart_rate_data?.detailed?.hrv_samples_rmssd?.map((s) => s.hrv_rmssd)).toEqual([40, 40]);
    expect(payload.heart_rate_data?.summary?.avg_hrv_rmssd).toBe(40);
  });

  it('fills a summary-only night from the minute totals, the rest of the session unmeasurable', () => {
    const seconds = (ms: number) => ms / 1000;
    const summary: UserSummary = {
      date: DATE,
      sleep: {
        sleep_duration: 450,
        awake_time: 20,
        light_time: 240,
        deep_time: 90,
        rem_time: 120,
        start_session: seconds(at('23:00', true)),
        stop_session: seconds(at('07:00')),
        // One-minute slots: awake 20 minutes, light 40, then deep to the end.
        slots: Array.from({ length: 480 }, (_, i) => ({
          timestamp: seconds(at('23:00', true)) + i * 60,
          sleep_state: i < 20 ? awake : i < 60 ? light : deep,
        })),
      },
      heart_rate: {
        date: DATE,
        slots: [
          { timestamp: seconds(at('02:00')), bpm: 50 },
          { timestamp: seconds(at('14:00')), bpm: 80 }, // the afternoon: not in the session
        ],
      },
    };
    const { payload } = run(day({ summary }));
    expectSound(payload);
    expect(payload.metadata.start_time).toBe('2024-03-09T23:00:00.000000+01:00');
    expect(payload.metadata.end_time).toBe('2024-03-10T07:00:00.000000+01:00');
    const d = payload.sleep_durations_data;
    expect(d?.asleep?.duration_asleep_state_seconds).toBe(27_000);
    expect(d?.awake?.duration_awake_state_seconds).toBe(1200);
    expect(d?.other).toEqual({ duration_in_bed_seconds: 28_800, duration_unmeasurable_sleep_seconds: 600 });
    expect(d?.sleep_efficiency).toBe(93.8);
    expect(d?.hypnogram_samples?.map((s) => s.level)).toEqual([1, 4, 5]);
    expect(payload.heart_rate_data?.detailed?.hr_samples?.map((s) => s.bpm)).toEqual([50]);
  });

  it('refuses a summary whose stop_session is before its start_session, naming the field', () => {
    const summary: UserSummary = { date: DATE, sleep: { start_session: 1_710_050_000, stop_session: 1_710_040_000 } };
    expect(() => normalizeSleep(day({ summary }))).toThrow(RawDataError);
    expect(() => normalizeSleep(day({ summary }))).toThrow(/sleep\.stop_session/);
  });

  it('has nothing to say about a day without sleep records or a sleep summary', () => {
    expect(normalizeSleep(day({ activity: realisticNight().raw.activity }))).toBeNull();
  });

  it('holds for generated nights: valid, exact durations, samples sorted inside the session', () => {
    const stretch = fc.record({
      code: fc.integer({ min: 0, max: 6 }),
      records: fc.integer({ min: 1, max: 120 }),
      gapSeconds: fc.oneof(fc.constant(30), fc.integer({ min: 1, max: 3 * 3600 })),
    });
    const night = fc.record({
      offset: fc.integer({ min: -12 * 60, max: 14 * 60 }),
      startMinute: fc.integer({ min: 0, max: 20 * 60 }),
      jitterMs: fc.integer({ min: 0, max: 999 }),
      stretches: fc.array(stretch, { minLength: 1, maxLength: 25 }),
      bpm: fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 40 }),
    });
    fc.assert(
      fc.property(night, ({ offset, startMinute, jitterMs, stretches, bpm }) => {
        const window = nightWindow(DATE, offset);
        const sleep: SleepRecord[] = [];
        let t = window.start + startMinute * MIN + jitterMs;
        for (const { code, records, gapSeconds } of stretches) {
          for (let i = 0; i < records; i++, t += 30_000) if (t < window.end) sleep.push(sleepRecord(t, code));
          t += gapSeconds * 1000 - 30_000;
        }
        const step = DAY_MINUTES / Math.max(1, bpm.length);
        const activity = bpm.map((value, i) => ({
          timestamp: window.start + Math.round(i * step) * MIN,
          bpm: value,
          bpm_q: 4,
        }));
        const input = day({ utcOffsetMinutes: offset, sleep, activity });
        const { payload } = run(input);
        expectSound(payload);
        const { start_time, end_time } = payload.metadata;
        const inBed = (Date.parse(end_time) - Date.parse(start_time)) / 1000;
        expect(payload.sleep_durations_data?.other?.duration_in_bed_seconds).toBe(inBed);
        expect(JSON.stringify(run(input))).toBe(JSON.stringify(run(input)));
      }),
    );
  });
});
