import { ACTIVITY_TYPE, SLEEP_STATE } from '../assumptions';
import { localDay } from '../normalize/time';
import { nightStages, type Stage } from './night';
import { between, seeded } from './random';

const MINUTE = 60_000;

export interface Bout {
  start: number;
  end: number;
  type: number;
}

/** What one simulated person does on one local day: the night that ends that morning, and the day's bouts. */
export interface DayPlan {
  date: string;
  dayStart: number;
  wake: number;
  /** Bedtime on the evening before `date`; the night runs from here to `wake`. */
  bedtime: number;
  night: Stage[];
  bouts: Bout[];
  /** A person-and-day constant that shifts heart rate and HRV a little, so days differ. */
  fitness: number;
}

const cache = new Map<string, DayPlan>();

/** Deterministic in (seed, date, offset): the same person lives the same day every time it is asked. */
export function dayPlan(seed: string, date: string, offsetMinutes: number): DayPlan {
  const key = `${seed}|${date}|${offsetMinutes}`;
  const known = cache.get(key);
  if (known) return known;
  const random = seeded(key);
  const { start: dayStart } = localDay(date, offsetMinutes);
  const at = (hour: number) => dayStart + Math.round(hour * 60) * MINUTE;
  const bedtime = at(between(random, 22.5, 23.75) - 24);
  const wake = at(between(random, 6.25, 7.75));
  const bouts: Bout[] = [];
  const bout = (type: number, fromHour: number, toHour: number, minMinutes: number, maxMinutes: number) => {
    const start = at(between(random, fromHour, toHour));
    bouts.push({ start, end: start + Math.round(between(random, minMinutes, maxMinutes)) * MINUTE, type });
  };
  bout(ACTIVITY_TYPE.walk, 7.9, 8.8, 15, 35);
  if (random() < 0.6) bout(ACTIVITY_TYPE.walk, 12, 13, 10, 25);
  bout(ACTIVITY_TYPE.walk, 15, 16, 3, 6); // too short to count as an activity
  const evening = random();
  if (evening < 0.4) bout(ACTIVITY_TYPE.run, 17.5, 18.5, 30, 50);
  else if (evening < 0.65) bout(ACTIVITY_TYPE.cycle, 17, 18.5, 20, 60);
  const plan = {
    date,
    dayStart,
    wake,
    bedtime,
    night: nightStages(random, bedtime, wake),
    bouts,
    fitness: between(random, -4, 4),
  };
  cache.set(key, plan);
  if (cache.size > 5000) cache.delete(cache.keys().next().value as string);
  return plan;
}

/** The local dates whose days overlap [from, to). */
export function datesBetween(from: number, to: number, offsetMinutes: number): string[] {
  const dates: string[] = [];
  const first = new Date(from + offsetMinutes * MINUTE).toISOString().slice(0, 10);
  for (let day = Date.parse(`${first}T00:00:00Z`); day - offsetMinutes * MINUTE < to; day += 1440 * MINUTE) {
    dates.push(new Date(day).toISOString().slice(0, 10));
  }
  return dates;
}

/** What the person is doing at `t`: asleep (with the stage), in a bout, or about. */
export function stateAt(plans: { today: DayPlan; tomorrow: DayPlan }, t: number) {
  const { today, tomorrow } = plans;
  const night = t < today.wake ? today.night : t >= tomorrow.bedtime ? tomorrow.night : null;
  if (night) {
    const stage = night.find((s) => t >= s.start && t < s.end);
    return { asleep: true, sleepState: stage?.state ?? SLEEP_STATE.awake, bout: null };
  }
  const bout = today.bouts.find((b) => t >= b.start && t < b.end) ?? null;
  return { asleep: false, sleepState: null, bout };
}
