import { z } from 'zod';

// CardioMood's user summary, one per local day. Documented fields as the docs' rules say; sections
// only the SDK models describe are assumed snake_case copies of them (see ../assumptions.ts).
// Unknown fields are kept (loose objects) and ignored by the normalizers.

const int = z.number().int();
const num = z.number();
const opt = <T extends z.ZodType>(schema: T) => schema.nullish();
const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a Y-m-d date' });
const hm = z.string().regex(/^\d{2}:\d{2}$/, { message: 'expected an H:i time' });

const slot = <S extends z.ZodRawShape>(shape: S) => z.looseObject({ timestamp: int, date: opt(z.string()), ...shape });

export const ActivitySection = z.looseObject({
  date: ymd,
  total_steps: int.min(0),
  daily_percent: opt(int),
  distance: num.min(0),
  calories: int.min(0),
  workouts: opt(int),
  active_minutes: opt(int),
  move_every_hour: opt(int),
  avg_gait_asymmetry: opt(num),
  avg_gait_speed: opt(num),
  avg_gait_var: opt(num),
  total_glasses: opt(int.min(0)),
  slots: opt(z.array(z.looseObject({ timestamp: int, date: hm, step_count: int }))),
  slots_five_minutes: opt(z.array(z.looseObject({ timestamp: int, date: hm, step_count: int }))),
});

/** Accepts the legacy `*_heat_rate` spellings the server's own rules mention. */
const legacyHeartRate = (value: unknown) => {
  if (!value || typeof value !== 'object') return value;
  const section = { ...(value as Record<string, unknown>) };
  for (const kind of ['avg', 'max', 'rest']) {
    const legacy = `${kind}_daily_heat_rate`;
    const proper = `${kind}_daily_heart_rate`;
    if (section[proper] === undefined && section[legacy] !== undefined) section[proper] = section[legacy];
  }
  return section;
};

export const HeartRateSection = z.preprocess(
  legacyHeartRate,
  z.looseObject({
    date: ymd,
    avg_daily_heart_rate: opt(int),
    max_daily_heart_rate: opt(int),
    rest_daily_heart_rate: opt(int),
    slots: opt(z.array(slot({ bpm: opt(num), bpm_q: opt(int) }))),
  }),
);

export const SleepSection = z.looseObject({
  date: opt(ymd),
  sleep_duration: opt(num),
  awake_time: opt(num),
  rem_time: opt(num),
  light_time: opt(num),
  deep_time: opt(num),
  start_session: opt(int),
  stop_session: opt(int),
  performance: opt(num),
  slots: opt(z.array(slot({ sleep_state: opt(int) }))),
});

export const StressSection = z.looseObject({
  date: opt(ymd),
  avg_si: opt(num),
  avg_si_n: opt(num),
  avg_rmssd: opt(num),
  avg_sdnn: opt(num),
  slots: opt(z.array(slot({ si: opt(num), si_n: opt(num), rmssd: opt(num), sdnn: opt(num) }))),
});

export const RespirationSection = z.looseObject({
  date: opt(ymd),
  average: opt(num),
  slots: opt(z.array(slot({ rate: opt(num), quality: opt(num) }))),
});

export const Spo2Section = z.looseObject({
  date: opt(ymd),
  average: opt(num),
  slots: opt(z.array(slot({ value: opt(num), quality: opt(num) }))),
});

export const TemperatureSection = z.looseObject({
  date: opt(ymd),
  average1: opt(num),
  average2: opt(num),
  slots: opt(z.array(slot({ temp1: opt(num), temp2: opt(num) }))),
});

export const UserSummary = z.looseObject({
  date: ymd,
  activity: opt(ActivitySection),
  heart_rate: opt(HeartRateSection),
  sleep: opt(SleepSection),
  stress: opt(StressSection),
  respiration_rate: opt(RespirationSection),
  spo2: opt(Spo2Section),
  temperature: opt(TemperatureSection),
});
export type UserSummary = z.infer<typeof UserSummary>;

/** The `/user-summaries` envelope: only `data` is known [CODE]; pagination fields are read when present. */
export const UserSummariesPage = z.looseObject({
  data: z.array(z.unknown()),
  current_page: opt(int),
  last_page: opt(int),
  per_page: opt(z.union([int, z.string()])),
  total: opt(int),
});
