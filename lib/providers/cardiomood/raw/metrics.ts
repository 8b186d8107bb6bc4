import { z } from 'zod';

// Raw metric records, one array per `GET /v2/raw-metrics/{metric}` answer. Field names from the SDK
// and app models (see ../assumptions.ts); both the snake_case and camelCase spellings are accepted.

const int = z.number().int();
const num = z.number();
const opt = <T extends z.ZodType>(schema: T) => schema.nullish();

/** Renames camelCase spellings to the snake_case ones when only the former is present. */
const aliases = (pairs: Record<string, string>) => (value: unknown) => {
  if (!value || typeof value !== 'object') return value;
  const record = { ...(value as Record<string, unknown>) };
  for (const [alias, name] of Object.entries(pairs)) {
    if (record[name] === undefined && record[alias] !== undefined) record[name] = record[alias];
  }
  return record;
};

const base = { timestamp: int, date: opt(z.string()) };

export const ActivityRecord = z.preprocess(
  aliases({ spo2Q: 'spo2_q', bpmQ: 'bpm_q' }),
  z.looseObject({
    ...base,
    bpm: opt(num),
    bpm_q: opt(int),
    q: opt(int),
    last_steps: opt(num),
    activity_type: opt(int),
    speed: opt(num),
    spo2: opt(num),
    spo2_q: opt(int),
    energy_exp: opt(num),
    respiration_rate: opt(num),
    resp_q: opt(int),
    wearing: opt(int),
    battery: opt(num),
  }),
);

export const SleepRecord = z.preprocess(
  aliases({ sleepState: 'sleep_state' }),
  z.looseObject({ ...base, sleep_state: int, quality: opt(num) }),
);

export const RrIntervalRecord = z.preprocess(aliases({ beats: 'rr' }), z.looseObject({ ...base, rr: num }));

export const TemperatureRecord = z.preprocess(
  aliases({ tempAmb: 'temp_amb' }),
  z.looseObject({ ...base, temp1: opt(num), temp2: opt(num), temp_amb: opt(num) }),
);

export const HrvRecord = z.looseObject({
  ...base,
  rmssd: opt(num),
  sdnn: opt(num),
  pnn50: opt(num),
  si: opt(num),
  mrr: opt(num),
});

export const rawMetrics = {
  activity: ActivityRecord,
  sleep: SleepRecord,
  'rr-interval': RrIntervalRecord,
  temperature: TemperatureRecord,
  'heart-rate-variability': HrvRecord,
} as const;

export type RawMetric = keyof typeof rawMetrics;
export type RawRecord<M extends RawMetric> = z.infer<(typeof rawMetrics)[M]>;
export type ActivityRecord = RawRecord<'activity'>;
export type SleepRecord = RawRecord<'sleep'>;
export type RrIntervalRecord = RawRecord<'rr-interval'>;
export type TemperatureRecord = RawRecord<'temperature'>;
export type HrvRecord = RawRecord<'heart-rate-variability'>;
