/**
 * Normalization speed: payloads per second for one day of CardioMood raw data (a summary with slots,
 * a day of raw activity at one record a minute, a night of RR intervals and the rest), beside the
 * time to JSON.parse and JSON.stringify the same raw bytes. Target: ratio ≤ 1.0.
 * Run: npm run bench:normalize [-- --short]
 */
import { normalizeDay } from '@/lib/providers/cardiomood/normalize';
import type { DayRaw } from '@/lib/providers/cardiomood/normalize/day-input';
import { parseRawMetric, parseUserSummaries } from '@/lib/providers/cardiomood/raw/parse';
import { nightWindow } from '@/lib/providers/cardiomood/normalize/sleep';
import { localDay } from '@/lib/providers/cardiomood/normalize/time';
import {
  activityRecords,
  hrvRecords,
  rrIntervalRecords,
  sleepRecords,
  temperatureRecords,
} from '@/lib/providers/cardiomood/simulator/records';
import { userSummary } from '@/lib/providers/cardiomood/simulator/summary';
import { machine, median, short, writeResult } from './machine';

const person = { seed: 'bench', offsetMinutes: 60 };
const date = '2026-11-18';
const day = localDay(date, person.offsetMinutes);
const night = nightWindow(date, person.offsetMinutes);

// The raw answers as CardioMood sends them (JSON text): the calendar day's, and the night's.
const answers = (from: number, to: number) => ({
  activity: JSON.stringify(activityRecords(person, from, to)),
  sleep: JSON.stringify(sleepRecords(person, from, to)),
  rr: JSON.stringify(rrIntervalRecords(person, from, to)),
  temperature: JSON.stringify(temperatureRecords(person, from, to)),
  hrv: JSON.stringify(hrvRecords(person, from, to)),
});
const raw = {
  summaries: JSON.stringify({
    data: [userSummary(person, date, { includeSlots: true, upTo: Number.POSITIVE_INFINITY })],
  }),
  day: answers(day.start, day.end),
  night: answers(night.start, night.end),
};
const texts = [raw.summaries, ...Object.values(raw.day), ...Object.values(raw.night)];
const bytes = texts.reduce((n, text) => n + Buffer.byteLength(text), 0);
const parsed = () => ({
  summaries: JSON.parse(raw.summaries) as unknown,
  day: Object.fromEntries(Object.entries(raw.day).map(([k, v]) => [k, JSON.parse(v) as unknown])),
  night: Object.fromEntries(Object.entries(raw.night).map(([k, v]) => [k, JSON.parse(v) as unknown])),
});
type Parsed = ReturnType<typeof parsed>;
const input = parsed();

/** Raw JSON values → checked records → every payload of the day, as the sync job does. */
function normalizeOnce(values: Parsed = input): number {
  const summary = parseUserSummaries(values.summaries).data[0] ?? null;
  const records = (window: Record<string, unknown>) => ({
    activity: parseRawMetric('activity', window.activity),
    sleep: parseRawMetric('sleep', window.sleep),
    rr: parseRawMetric('rr-interval', window.rr),
    temperature: parseRawMetric('temperature', window.temperature),
    hrv: parseRawMetric('heart-rate-variability', window.hrv),
  });
  const base = { date, utcOffsetMinutes: person.offsetMinutes, summary };
  const dayRaw: DayRaw = { ...base, ...records(values.day) };
  const nightRaw: DayRaw = { ...base, ...records(values.night) };
  return normalizeDay(dayRaw, nightRaw).length;
}

/** The yardstick: JSON.parse and JSON.stringify of the same raw bytes. */
function parseAndStringifyOnce(): number {
  let n = 0;
  for (const text of texts) n += JSON.stringify(JSON.parse(text)).length;
  return n;
}

function time(fn: () => number, iterations: number): number {
  const started = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return (performance.now() - started) / iterations;
}

const runs = short ? 3 : 7;
const iterations = short ? 2 : 10;
const measured = { normalize: [] as number[], endToEnd: [] as number[], yardstick: [] as number[] };
time(normalizeOnce, 2);
time(parseAndStringifyOnce, 2);
for (let run = 0; run < runs; run++) {
  measured.normalize.push(time(normalizeOnce, iterations));
  measured.endToEnd.push(time(() => normalizeOnce(parsed()), iterations));
  measured.yardstick.push(time(parseAndStringifyOnce, iterations));
}
const ms = (values: number[]) => Number(median(values).toFixed(2));
const result = {
  name: 'normalize',
  machine: machine('none'),
  input: { rawBytes: bytes, payloads: normalizeOnce() },
  normalizeMs: ms(measured.normalize),
  parseAndNormalizeMs: ms(measured.endToEnd),
  jsonParseStringifyMs: ms(measured.yardstick),
  ratio: Number((median(measured.normalize) / median(measured.yardstick)).toFixed(3)),
  payloadsPerSecond: Number(((normalizeOnce() * 1000) / median(measured.normalize)).toFixed(0)),
  target: 'ratio ≤ 1.0 (normalize ÷ JSON.parse + JSON.stringify of the same bytes)',
};
console.table({
  'normalize (records checked, payloads made)': `${result.normalizeMs} ms`,
  'JSON.parse + normalize': `${result.parseAndNormalizeMs} ms`,
  'JSON.parse + JSON.stringify of the same bytes': `${result.jsonParseStringifyMs} ms`,
  'ratio (target ≤ 1.0)': result.ratio,
  'payloads per second': result.payloadsPerSecond,
  'raw size': `${(bytes / 1024).toFixed(0)} KiB, ${result.input.payloads} payloads`,
});
writeResult('normalize', result);
