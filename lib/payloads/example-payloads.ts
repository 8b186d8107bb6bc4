import { normalizeDay } from '../providers/cardiomood/normalize';
import { normalizeAthlete } from '../providers/cardiomood/normalize/athlete';
import { UserProfile } from '../providers/cardiomood/raw/profile';
import { makeAccount } from '../providers/cardiomood/simulator/accounts';
import { simulatedDay } from '../providers/cardiomood/simulator/sample-day';
import type { PayloadType } from './payload-types';

/**
 * Whose day the examples are: the simulator's `user1` under its default seed, on a day with two walks
 * and a run, so the examples are what a demo user's data looks like after the real normalizer.
 */
export const exampleSource = { username: 'user1', simulatorSeed: 'cardiomood', date: '2024-03-10' } as const;

export interface ExamplePayload {
  type: PayloadType;
  /** The payload the page shows and sends. */
  payload: unknown;
  /** Every payload of that type the example day gave (several activities), for the field coverage. */
  dayPayloads: unknown[];
  /** The payload's size as compact JSON, as stored and delivered. */
  bytes: number;
}

let made: Map<PayloadType, ExamplePayload> | undefined;

/**
 * The example payload of `type`: simulated raw CardioMood data run through the normalizers ingestion
 * uses. Pure and deterministic; made once per process (about half a second) and kept.
 */
export function examplePayload(type: PayloadType): ExamplePayload {
  made ??= makeExamplePayloads();
  const example = made.get(type);
  if (!example) throw new Error(`no example payload of type ${type}`);
  return example;
}

/** Makes every example afresh (`examplePayload` keeps them): exported to prove they come out the same. */
export function makeExamplePayloads(): Map<PayloadType, ExamplePayload> {
  const account = makeAccount(exampleSource.username, '', exampleSource.simulatorSeed);
  const { day, night } = simulatedDay(account.person, exampleSource.date);
  const byType = new Map<PayloadType, unknown[]>();
  for (const one of normalizeDay(day, night)) byType.set(one.type, [...(byType.get(one.type) ?? []), one.payload]);
  byType.set('athlete', [normalizeAthlete(UserProfile.parse(account.profile))]);
  const out = new Map<PayloadType, ExamplePayload>();
  for (const [type, payloads] of byType) {
    const shown = type === 'activity' ? longest(payloads) : payloads[0];
    out.set(type, { type, payload: shown, dayPayloads: payloads, bytes: Buffer.byteLength(JSON.stringify(shown)) });
  }
  return out;
}

/** The activity with the most to show: the longest of the day (the run). */
function longest(activities: unknown[]): unknown {
  const seconds = (a: unknown) => {
    const { start_time, end_time } = (a as { metadata: { start_time: string; end_time: string } }).metadata;
    return Date.parse(end_time) - Date.parse(start_time);
  };
  return activities.reduce((best, a) => (seconds(a) > seconds(best) ? a : best));
}
