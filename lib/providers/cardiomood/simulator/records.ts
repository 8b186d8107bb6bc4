import { ACTIVITY_TYPE, SLEEP_STATE } from '../assumptions';
import { isoLocal } from '../normalize/time';
import { type DayPlan, datesBetween, dayPlan, stateAt } from './day-plan';
import { between, seeded } from './random';

/** A simulated person: a seed and a fixed UTC offset (no daylight saving). */
export interface Person {
  seed: string;
  offsetMinutes: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 1440 * MINUTE;

/**
 * Calls `each` every `stepMs` in [from, to) with what the person is doing then and a generator seeded
 * by the instant, so a value never depends on the window it was asked in.
 */
function walk(
  person: Person,
  metric: string,
  range: { from: number; to: number; stepMs: number },
  each: (t: number, state: ReturnType<typeof stateAt>, random: () => number, plan: DayPlan) => void,
) {
  const { from, to, stepMs } = range;
  for (const date of datesBetween(from, to, person.offsetMinutes)) {
    const today = dayPlan(person.seed, date, person.offsetMinutes);
    const next = new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    const tomorrow = dayPlan(person.seed, next, person.offsetMinutes);
    const end = Math.min(to, today.dayStart + DAY);
    const first = today.dayStart + Math.max(0, Math.ceil((from - today.dayStart) / stepMs)) * stepMs;
    for (let t = first; t < end; t += stepMs) {
      each(t, stateAt({ today, tomorrow }, t), seeded(`${person.seed}|${metric}|${t}`), today);
    }
  }
}

const localIso = (t: number, offsetMinutes: number) => isoLocal(t, offsetMinutes).replace(/(\.\d{3})000/, '$1');

const circadian = (t: number, offsetMinutes: number) => {
  const hour = ((((t + offsetMinutes * MINUTE) % DAY) + DAY) % DAY) / (60 * MINUTE);
  return Math.sin(((hour - 9) / 24) * 2 * Math.PI); // peaks mid-afternoon, lowest before dawn
};

/** How hard each kind of bout is, how fast it goes (m/s) and its cadence (steps a minute). */
const pace: Record<number, { effort: number; speed: number; cadence: number }> = {
  [ACTIVITY_TYPE.walk]: { effort: 1, speed: 1.35, cadence: 95 },
  [ACTIVITY_TYPE.run]: { effort: 3, speed: 3.1, cadence: 155 },
  [ACTIVITY_TYPE.cycle]: { effort: 2, speed: 6.2, cadence: 0 },
};

export function activityRecords(person: Person, from: number, to: number) {
  const records: Array<Record<string, number | string | null>> = [];
  walk(person, 'a', { from, to, stepMs: MINUTE }, (t, state, random, plan) => {
    const r = random();
    const bout = state.bout ? pace[state.bout.type] : undefined;
    const level = bout?.effort ?? 0;
    const base = state.asleep ? 56 : 70 + 6 * circadian(t, person.offsetMinutes);
    const bpm = Math.round(base + plan.fitness + level * 25 + between(random, -4, 4) + (bout ? r * 8 : 0));
    const idleSteps = state.asleep || r < 0.7 ? 0 : Math.round(r * 30);
    const steps = bout ? (bout.cadence ? bout.cadence + Math.round(r * 20) : 0) : idleSteps;
    const speed = bout ? Math.round((bout.speed + (r - 0.5) * 0.3) * 100) / 100 : null;
    records.push({
      timestamp: t,
      date: localIso(t, person.offsetMinutes),
      bpm,
      bpm_q: r < 0.05 ? 1 : 4,
      last_steps: steps,
      activity_type: state.bout
        ? state.bout.type
        : state.asleep
          ? ACTIVITY_TYPE.rest
          : steps > 0
            ? ACTIVITY_TYPE.other
            : ACTIVITY_TYPE.unspecified,
      speed,
      spo2: state.asleep ? 94 + Math.round(r * 5) : null,
      spo2Q: state.asleep ? 3 : null,
      energy_exp: Math.round(1150 + level * 3500 + r * 300),
      respiration_rate: Math.round((state.asleep ? 13 : 15 + level * 6) + r * 3),
      resp_q: 3,
      wearing: 4,
      battery: Math.max(5, 100 - Math.floor(((t - plan.dayStart) / DAY) * 60)),
    });
  });
  return records;
}

export function sleepRecords(person: Person, from: number, to: number) {
  const records: Array<Record<string, number | string>> = [];
  walk(person, 's', { from, to, stepMs: 30 * SECOND }, (t, state, random) => {
    if (!state.asleep) return;
    records.push({
      timestamp: t,
      date: localIso(t, person.offsetMinutes),
      sleep_state: state.sleepState ?? SLEEP_STATE.unknown,
      quality: random() < 0.9 ? 4 : 2,
    });
  });
  return records;
}

export function rrIntervalRecords(person: Person, from: number, to: number) {
  const records: Array<Record<string, number | string>> = [];
  walk(person, 'rr', { from, to, stepMs: SECOND }, (t, state, random, plan) => {
    if (!state.asleep) return; // RR intervals are recorded at night [SDK]
    const bpm = 56 + plan.fitness;
    records.push({
      timestamp: t,
      date: localIso(t, person.offsetMinutes),
      rr: Math.round(60_000 / bpm + (random() - 0.5) * 80),
    });
  });
  return records;
}

export function temperatureRecords(person: Person, from: number, to: number) {
  const records: Array<Record<string, number | string>> = [];
  walk(person, 't', { from, to, stepMs: MINUTE }, (t, state, random) => {
    const c = circadian(t, person.offsetMinutes);
    records.push({
      timestamp: t,
      date: localIso(t, person.offsetMinutes),
      temp1: Math.round((state.asleep ? 34.6 : 33.2 + 0.6 * c + random() * 0.3) * 100) / 100,
      temp2: Math.round((36.8 + 0.3 * c + random() * 0.1) * 100) / 100,
      temp_amb: Math.round((state.asleep ? 20.5 : 22 + random()) * 10) / 10,
    });
  });
  return records;
}

export function hrvRecords(person: Person, from: number, to: number) {
  const records: Array<Record<string, number | string>> = [];
  walk(person, 'h', { from, to, stepMs: 5 * MINUTE }, (t, state, random, plan) => {
    if (state.bout) return;
    const rmssd = Math.round((state.asleep ? 55 : 38) - plan.fitness + random() * 12);
    records.push({
      timestamp: t,
      date: localIso(t, person.offsetMinutes),
      rmssd,
      sdnn: Math.round(rmssd * 1.3),
      pnn50: Math.round(rmssd / 3),
      si: Math.round(3000 / rmssd),
    });
  });
  return records;
}
