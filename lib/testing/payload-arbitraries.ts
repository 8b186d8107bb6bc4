import fc from 'fast-check';
import { summaryFields } from '../formats/fhir/summary';
import { seriesSpecs } from '../formats/fhir/series';
import type { PayloadType } from '../payloads/payload-types';

/**
 * Terra payloads of a wide range for property tests of the formats: any summary number (or null), any
 * sample series with gaps, repeats, missing values and broken timestamps, readings, a hypnogram, arrays
 * no format carries, with and without samples at all. Not what CardioMood sends: what a payload may hold.
 */
const day0 = Date.UTC(2024, 2, 10);
const offsets = ['Z', '+01:00', '-06:00', '+05:30', '+14:00', '-12:00'];

/** Terra's timestamp text: microseconds and an offset. */
export function terraTime(ms: number, offset: string): string {
  const minutes =
    offset === 'Z'
      ? 0
      : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
  const local = new Date(ms + minutes * 60_000).toISOString().slice(0, 19);
  return `${local}.${String((ms % 1000) * 1000).padStart(6, '0')}${offset}`;
}

const number = fc.oneof(
  { weight: 3, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }) },
  { weight: 4, arbitrary: fc.double({ min: 0, max: 250, noNaN: true }) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 200_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-9, 123456.789) },
);
const maybeNumber = fc.oneof({ weight: 8, arbitrary: number }, { weight: 1, arbitrary: fc.constant(null) });

const brokenTime = fc.constantFrom('', 'yesterday', '2024-02-30T10:00:00Z', '2024-03-10T10:00:00', null, 12345);

/** Sample times: a regular grid with gaps, jitter in the second or the millisecond, repeats, broken ones. */
function sampleTimes(startMs: number, offset: string) {
  const regular = fc
    .tuple(
      fc.constantFrom(1, 30, 60, 300),
      fc.integer({ min: 2, max: 400 }),
      fc.double({ min: 0, max: 0.4, noNaN: true }),
    )
    .map(([step, n, gapShare]) =>
      Array.from({ length: n }, (_, i) => i)
        .filter((i) => i === 0 || ((i * 7919) % 100) / 100 >= gapShare)
        .map((i) => startMs + i * step * 1000),
    );
  const irregular = fc
    .array(fc.integer({ min: 0, max: 30 * 3_600_000 }), { minLength: 1, maxLength: 80 })
    .map((list) => list.map((o) => startMs + o));
  return fc
    .tuple(fc.oneof({ weight: 3, arbitrary: regular }, { weight: 1, arbitrary: irregular }), fc.boolean())
    .map(([times, shuffle]) => (shuffle ? [...times].reverse() : times).map((ms): unknown => terraTime(ms, offset)));
}

function series(path: string, key: string, startMs: number, offset: string) {
  return fc
    .tuple(
      sampleTimes(startMs, offset),
      fc.array(fc.oneof({ weight: 12, arbitrary: number }, { weight: 1, arbitrary: fc.constant(null) }), {
        minLength: 400,
        maxLength: 400,
      }),
      fc.option(brokenTime, { freq: 4 }),
    )
    .map(([times, values, broken]) => {
      const samples = times.map((timestamp, i) => ({ timestamp, [key]: values[i % values.length] ?? null }));
      if (broken !== null) samples.push({ timestamp: broken as string, [key]: 1 });
      return [path, samples] as const;
    });
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1) as string] = value;
}

export function payloadArbitrary(type: Exclude<PayloadType, 'athlete'>) {
  const fields = summaryFields(type);
  return fc
    .record({
      startMs: fc.integer({ min: day0 - 400 * 86_400_000, max: day0 + 400 * 86_400_000 }).map((ms) => ms - (ms % 1000)),
      lengthS: fc.integer({ min: 0, max: 30 * 3600 }),
      offset: fc.constantFrom(...offsets),
      brokenPeriod: fc.option(fc.constantFrom('no start', 'end first', 'no offset'), { freq: 6 }),
      summary: fc.dictionary(fc.constantFrom(...fields.map((f) => f.path)), maybeNumber, { maxKeys: 25 }),
      withSamples: fc.boolean(),
      seriesPicks: fc.subarray(seriesSpecs, { maxLength: 6 }),
      extras: fc.subarray(['hypnogram', 'pressure', 'measurement', 'laps', 'positions', 'device'] as const),
      summaryId: fc.option(fc.string({ minLength: 1, maxLength: 30 }), { freq: 2 }),
    })
    .chain((shape) => {
      const picks = shape.withSamples ? shape.seriesPicks : [];
      return fc
        .tuple(fc.constant(shape), fc.tuple(...picks.map((s) => series(s.path, s.key, shape.startMs, shape.offset))))
        .map(([s, made]) => build(type, s, made as ReadonlyArray<readonly [string, unknown[]]>));
    });
}

type Shape = {
  startMs: number;
  lengthS: number;
  offset: string;
  brokenPeriod: string | null;
  summary: Record<string, number | null>;
  withSamples: boolean;
  extras: string[];
  summaryId: string | null;
};

function build(type: string, shape: Shape, made: ReadonlyArray<readonly [string, unknown[]]>) {
  const { startMs, offset } = shape;
  const end = startMs + shape.lengthS * 1000;
  const payload: Record<string, unknown> = {
    metadata: {
      start_time: shape.brokenPeriod === 'no offset' ? '2024-03-10T00:00:00' : terraTime(startMs, offset),
      end_time: shape.brokenPeriod === 'end first' ? terraTime(startMs - 3_600_000, offset) : terraTime(end, offset),
      upload_type: 1,
      ...(type === 'activity' ? { type: 8, name: 'Run', summary_id: shape.summaryId ?? `run-${startMs}` } : {}),
      ...(type === 'sleep' && shape.summaryId ? { summary_id: shape.summaryId } : {}),
    },
  };
  for (const [path, value] of Object.entries(shape.summary)) setPath(payload, path, value);
  for (const [path, samples] of made) setPath(payload, path, samples);
  const at = (i: number) => terraTime(startMs + i * 600_000, offset);
  if (shape.extras.includes('device'))
    payload.device_data = { name: 'CardioMood armband', manufacturer: 'CardioMood', serial_number: 'A1' };
  if (!shape.withSamples) return payload;
  if (shape.extras.includes('hypnogram'))
    setPath(
      payload,
      'sleep_durations_data.hypnogram_samples',
      [0, 1, 4, 5, 6, 9, 2].map((level, i) => ({ timestamp: at(i), level })),
    );
  if (shape.extras.includes('pressure'))
    setPath(payload, 'blood_pressure_data.blood_pressure_samples', [
      { timestamp: at(1), systolic_bp: 121, diastolic_bp: 79 },
      { timestamp: 'never', systolic_bp: 130 },
      { timestamp: at(2), diastolic_bp: 80 },
    ]);
  if (shape.extras.includes('measurement'))
    setPath(payload, 'measurements_data.measurements', [
      { measurement_time: at(0), weight_kg: 71.5, height_cm: 178, BMI: 22.6, bodyfat_percentage: 18 },
    ]);
  if (shape.extras.includes('laps'))
    setPath(payload, 'lap_data.laps', [{ start_time: at(0), end_time: at(1), distance_meters: 400 }]);
  if (shape.extras.includes('positions'))
    setPath(payload, 'position_data.position_samples', [{ timestamp: at(0), coords_lat_lng_deg: [51.5, -0.12] }]);
  return payload;
}
