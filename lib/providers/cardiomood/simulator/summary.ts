import { ACTIVITY_TYPE, SLEEP_STATE } from '../assumptions';
import { localDay } from '../normalize/time';
import { dayPlan } from './day-plan';
import { activityRecords, hrvRecords, type Person, sleepRecords, temperatureRecords } from './records';

type Row = Record<string, number | string | null>;
const num = (row: Row, key: string) => (typeof row[key] === 'number' ? (row[key] as number) : null);
const avg = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
const round = (value: number | null, digits = 0) => (value === null ? null : Number(value.toFixed(digits)));
const hhmm = (t: number, offsetMinutes: number) => new Date(t + offsetMinutes * 60_000).toISOString().slice(11, 16);

/** Sums `key` of the records into slots of `minutes`, as CardioMood's summary slots (timestamps in seconds). */
function slots(rows: Row[], minutes: number, person: Person, make: (group: Row[]) => Record<string, number | null>) {
  const groups = new Map<number, Row[]>();
  for (const row of rows) {
    const t = row.timestamp as number;
    const slot = t - (t % (minutes * 60_000));
    groups.set(slot, [...(groups.get(slot) ?? []), row]);
  }
  return [...groups.entries()].map(([t, group]) => ({
    timestamp: t / 1000,
    date: hhmm(t, person.offsetMinutes),
    ...make(group),
  }));
}

/** The user summary CardioMood would answer for one local day, made from that day's simulated records up to `upTo`. */
export function userSummary(person: Person, date: string, options: { includeSlots: boolean; upTo: number }) {
  const day = localDay(date, person.offsetMinutes);
  const to = Math.min(day.end, options.upTo);
  if (to <= day.start) return null;
  const activity = activityRecords(person, day.start, to);
  const hrv = hrvRecords(person, day.start, to);
  const temperature = temperatureRecords(person, day.start, to);
  const plan = dayPlan(person.seed, date, person.offsetMinutes);
  const night = sleepRecords(person, plan.bedtime, Math.min(plan.wake, options.upTo));
  const steps = activity.reduce((total, r) => total + (num(r, 'last_steps') ?? 0), 0);
  const bpm = activity.filter((r) => (num(r, 'bpm_q') ?? 0) >= 2).map((r) => num(r, 'bpm') as number);
  const asleep = activity.filter((r) => r.activity_type === ACTIVITY_TYPE.rest).map((r) => num(r, 'bpm') as number);
  const moving = activity.filter((r) =>
    [ACTIVITY_TYPE.walk, ACTIVITY_TYPE.run, ACTIVITY_TYPE.cycle].includes(r.activity_type as 2),
  );
  const meters = moving.reduce((total, r) => total + (num(r, 'speed') ?? 0) * 60, 0);
  const minutesIn = (state: number) => night.filter((r) => r.sleep_state === state).length / 2;
  const withSlots = <T>(value: T) => (options.includeSlots ? value : undefined);

  return {
    date,
    activity: {
      date,
      total_steps: steps,
      daily_percent: Math.min(100, Math.round((steps / 10_000) * 100)),
      distance: round(meters / 1000, 2),
      calories: Math.round(activity.reduce((total, r) => total + (num(r, 'energy_exp') ?? 0), 0) / 1000),
      workouts: plan.bouts.filter((b) => b.type !== ACTIVITY_TYPE.walk && b.start < to).length,
      active_minutes: moving.length,
      move_every_hour: new Set(moving.map((r) => hhmm(r.timestamp as number, person.offsetMinutes).slice(0, 2))).size,
      avg_gait_asymmetry: null,
      avg_gait_speed: null,
      avg_gait_var: null,
      total_glasses: null,
      slots: withSlots(
        slots(activity, 30, person, (g) => ({ step_count: g.reduce((t, r) => t + (num(r, 'last_steps') ?? 0), 0) })),
      ),
      slots_five_minutes: withSlots(
        slots(activity, 5, person, (g) => ({ step_count: g.reduce((t, r) => t + (num(r, 'last_steps') ?? 0), 0) })),
      ),
    },
    heart_rate: {
      date,
      avg_daily_heart_rate: round(avg(bpm)),
      max_daily_heart_rate: bpm.length ? Math.max(...bpm) : null,
      rest_daily_heart_rate: asleep.length ? Math.min(...asleep) + 2 : null,
      slots: withSlots(
        slots(activity, 5, person, (g) => ({ bpm: round(avg(g.map((r) => num(r, 'bpm') as number))), bpm_q: 4 })),
      ),
    },
    sleep: night.length
      ? {
          date,
          sleep_duration: minutesIn(SLEEP_STATE.light) + minutesIn(SLEEP_STATE.deep) + minutesIn(SLEEP_STATE.rem),
          awake_time: minutesIn(SLEEP_STATE.awake),
          rem_time: minutesIn(SLEEP_STATE.rem),
          light_time: minutesIn(SLEEP_STATE.light),
          deep_time: minutesIn(SLEEP_STATE.deep),
          start_session: Math.round(plan.bedtime / 1000),
          stop_session: Math.round(Math.min(plan.wake, options.upTo) / 1000),
        }
      : null,
    stress: {
      date,
      avg_rmssd: round(avg(hrv.map((r) => num(r, 'rmssd') as number)), 1),
      avg_sdnn: round(avg(hrv.map((r) => num(r, 'sdnn') as number)), 1),
      avg_si: round(avg(hrv.map((r) => num(r, 'si') as number)), 1),
      avg_si_n: round(avg(hrv.map((r) => Math.min(100, num(r, 'si') as number))), 1),
      slots: withSlots(
        hrv.map((r) => ({
          timestamp: (r.timestamp as number) / 1000,
          date: hhmm(r.timestamp as number, person.offsetMinutes),
          si: r.si,
          si_n: Math.min(100, num(r, 'si') as number),
          rmssd: r.rmssd,
          sdnn: r.sdnn,
        })),
      ),
    },
    respiration_rate: { date, average: round(avg(activity.map((r) => num(r, 'respiration_rate') as number)), 1) },
    spo2: { date, average: round(avg(activity.map((r) => num(r, 'spo2')).filter((v): v is number => v !== null))) },
    temperature: {
      date,
      average1: round(avg(temperature.map((r) => num(r, 'temp1') as number)), 2),
      average2: round(avg(temperature.map((r) => num(r, 'temp2') as number)), 2),
    },
  };
}
