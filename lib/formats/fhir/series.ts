import type { Observation, SampledData } from '@medplum/fhirtypes';
import { observation, type PayloadContext } from './observation';
import { asRecord, at, finite, list } from './read';
import { absent, categoryOf, fieldConcept, UCUM, ucumFor } from './terminology';
import { type FhirTime, fhirTime, timeLike } from './time';

/** One sample array of a Terra payload and the number each sample carries. */
export interface SeriesSpec {
  path: string;
  key: string;
  label: string;
  unit: string | null;
  cumulative?: boolean;
  /** Samples of the array that are something else (muscle SmO2 among blood SpO2) are left out, counted. */
  keep?: (sample: Record<string, unknown>) => boolean;
  leftOutAs?: string;
}

const bloodOxygen = (s: Record<string, unknown>) => s.type !== 1;
const heart = (prefix: string): SeriesSpec[] => [
  { path: `${prefix}heart_rate_data.detailed.hr_samples`, key: 'bpm', label: 'Heart rate', unit: 'bpm' },
  {
    path: `${prefix}heart_rate_data.detailed.hrv_samples_rmssd`,
    key: 'hrv_rmssd',
    label: 'Heart rate variability (RMSSD)',
    unit: 'ms',
  },
  {
    path: `${prefix}heart_rate_data.detailed.hrv_samples_sdnn`,
    key: 'hrv_sdnn',
    label: 'Heart rate variability (SDNN)',
    unit: 'ms',
  },
];
const spo2 = (path: string, label: string): SeriesSpec => ({
  path,
  key: 'percentage',
  label,
  unit: '%',
  keep: bloodOxygen,
  leftOutAs: 'muscle oxygen (SmO2, type 1)',
});

/** Every numeric sample series Heartbridge writes as SampledData, by the payload path of its array. */
export const seriesSpecs: SeriesSpec[] = [
  ...heart(''),
  ...heart('heart_data.'),
  { path: 'heart_data.rr_interval_samples', key: 'rr_interval_ms', label: 'R-R interval', unit: 'ms' },
  {
    path: 'heart_data.pulse_wave_velocity_samples',
    key: 'pulse_wave_velocity_meters_per_second',
    label: 'Pulse wave velocity',
    unit: 'm/s',
  },
  spo2('oxygen_data.saturation_samples', 'Oxygen saturation (SpO2)'),
  spo2('respiration_data.oxygen_saturation_data.samples', 'Oxygen saturation (SpO2) during sleep'),
  { path: 'oxygen_data.vo2_samples', key: 'vo2max_ml_per_min_per_kg', label: 'VO2max', unit: 'mL/min/kg' },
  { path: 'respiration_data.breaths_data.samples', key: 'breaths_per_min', label: 'Respiratory rate', unit: '/min' },
  {
    path: 'temperature_data.body_temperature_samples',
    key: 'temperature_celsius',
    label: 'Body temperature',
    unit: '°C',
  },
  {
    path: 'temperature_data.skin_temperature_samples',
    key: 'temperature_celsius',
    label: 'Skin temperature',
    unit: '°C',
  },
  {
    path: 'temperature_data.ambient_temperature_samples',
    key: 'temperature_celsius',
    label: 'Ambient temperature',
    unit: '°C',
  },
  { path: 'distance_data.detailed.step_samples', key: 'steps', label: 'Steps', unit: null, cumulative: true },
  {
    path: 'distance_data.detailed.distance_samples',
    key: 'distance_meters',
    label: 'Distance',
    unit: 'm',
    cumulative: true,
  },
  { path: 'distance_data.detailed.elevation_samples', key: 'elev_meters', label: 'Elevation', unit: 'm' },
  {
    path: 'distance_data.detailed.floors_climbed_samples',
    key: 'floors_climbed',
    label: 'Floors climbed',
    unit: null,
    cumulative: true,
  },
  { path: 'calories_data.calorie_samples', key: 'calories', label: 'Calories burned', unit: 'kcal' },
  { path: 'movement_data.speed_samples', key: 'speed_meters_per_second', label: 'Speed', unit: 'm/s' },
  { path: 'movement_data.cadence_samples', key: 'cadence_rpm', label: 'Cadence', unit: 'rpm' },
  { path: 'movement_data.torque_samples', key: 'torque_newton_meters', label: 'Torque', unit: 'N·m' },
  { path: 'power_data.power_samples', key: 'watts', label: 'Power', unit: 'W' },
  { path: 'stress_data.samples', key: 'level', label: 'Stress level', unit: null },
  { path: 'stress_data.body_battery_samples', key: 'level', label: 'Body battery', unit: null },
  { path: 'MET_data.MET_samples', key: 'level', label: 'MET level', unit: null },
  { path: 'glucose_data.blood_glucose_samples', key: 'blood_glucose_mg_per_dL', label: 'Blood glucose', unit: 'mg/dL' },
  {
    path: 'glucose_data.detailed_blood_glucose_samples',
    key: 'blood_glucose_mg_per_dL',
    label: 'Blood glucose (detailed)',
    unit: 'mg/dL',
  },
  { path: 'ketone_data.ketone_samples', key: 'ketone_mg_per_dL', label: 'Ketones', unit: 'mg/dL' },
  { path: 'hydration_data.hydration_amount_samples', key: 'hydration_kg', label: 'Hydration', unit: 'kg' },
];

/** A grid longer than this (a day at one point a second is 86,400) is not written: the series is named instead. */
export const maxGridPoints = 100_000;

interface Point {
  ms: number;
  time: FhirTime;
  value: number | undefined;
}

/** FHIR's decimal text: no exponent, no -0. */
export function decimalText(value: number): string {
  if (value === 0) return '0';
  const plain = String(value);
  if (!/e/i.test(plain)) return plain;
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The samples of a series on whole seconds, oldest first, with what had to be left out and why. */
function points(spec: SeriesSpec, samples: unknown[]) {
  const counts = { noTime: 0, sameSecond: 0, other: 0, noValue: 0 };
  const byTime: Point[] = [];
  for (const item of samples) {
    const sample = asRecord(item);
    const time = fhirTime(sample?.timestamp);
    if (!sample || !time) {
      counts.noTime++;
      continue;
    }
    if (spec.keep && !spec.keep(sample)) {
      counts.other++;
      continue;
    }
    const value = finite(sample[spec.key]);
    if (value === undefined) counts.noValue++;
    byTime.push({ ms: Math.round(time.ms / 1000) * 1000, time, value });
  }
  // Oldest first by the exact time, so that of two samples rounding to one second the earlier is kept.
  byTime.sort((a, b) => a.time.ms - b.time.ms);
  const kept = byTime.filter((p, i) => i === 0 || p.ms !== byTime[i - 1]?.ms);
  counts.sameSecond = byTime.length - kept.length;
  return { kept, counts };
}

function notesOf(spec: SeriesSpec, counts: ReturnType<typeof points>['counts'], gaps: number): string[] {
  const notes: string[] = [];
  if (spec.cumulative) notes.push(`Cumulative since the start of the payload (${spec.path}).`);
  if (gaps) notes.push(`${gaps} grid point(s) marked E: no sample at that time (a gap in the recording).`);
  if (counts.noValue) notes.push(`${counts.noValue} sample(s) without a value marked E.`);
  if (counts.noTime) notes.push(`${counts.noTime} sample(s) without a valid timestamp left out.`);
  if (counts.sameSecond) notes.push(`${counts.sameSecond} sample(s) in a second already sampled left out.`);
  if (counts.other) notes.push(`${counts.other} ${spec.leftOutAs ?? 'other'} sample(s) left out.`);
  return notes;
}

export type SeriesOutcome = { observation: Observation } | { omitted: string } | undefined;

/**
 * A series as one Observation: two or more samples as SampledData on the coarsest grid of whole seconds
 * that holds every sample time (`E` where the grid has no sample), one sample as a plain value at its time.
 */
export function seriesObservation(spec: SeriesSpec, payload: unknown, context: PayloadContext): SeriesOutcome {
  const samples = list(at(payload, spec.path));
  if (!samples.length) return undefined;
  const { kept, counts } = points(spec, samples);
  const first = kept[0];
  const last = kept.at(-1);
  if (!first || !last) return { omitted: `${spec.path} (${samples.length} samples, none with a valid timestamp)` };
  const field = `${spec.path}[].${spec.key}`;
  const [code, unit] = ucumFor(field, spec.unit);
  const common = {
    part: field,
    code: fieldConcept(context.type, field, spec.label),
    category: categoryOf(spec.path),
  };
  if (kept.length === 1) {
    const value = first.value === undefined ? undefined : { value: first.value, unit, system: UCUM, code };
    return {
      observation: observation(context, {
        ...common,
        when: { at: first.time },
        value: value
          ? { valueQuantity: value }
          : { dataAbsentReason: absent('unknown', 'The only sample has no value.') },
        notes: notesOf(spec, counts, 0),
      }),
    };
  }
  const step = kept.reduce((g, p) => gcd(g, (p.ms - first.ms) / 1000), 0);
  const size = (last.ms - first.ms) / 1000 / step + 1;
  if (size > maxGridPoints) return { omitted: `${spec.path} (${kept.length} samples too irregular for a grid)` };
  const data: string[] = new Array(size).fill('E');
  for (const p of kept) data[(p.ms - first.ms) / 1000 / step] = p.value === undefined ? 'E' : decimalText(p.value);
  const sampled: SampledData = {
    origin: { value: 0, unit, system: UCUM, code },
    period: step * 1000,
    dimensions: 1,
    data: data.join(' '),
  };
  return {
    observation: observation(context, {
      ...common,
      when: { period: { start: timeLike(first.ms, first.time), end: timeLike(last.ms, last.time) } },
      value: { valueSampledData: sampled },
      notes: notesOf(spec, counts, size - kept.length),
    }),
  };
}
