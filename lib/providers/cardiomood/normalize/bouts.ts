import { ACTIVITY_RECORD_SECONDS, ACTIVITY_TYPE, MAX_BOUT_GAP_SECONDS, MIN_BOUT_SECONDS } from '../assumptions';
import type { ActivityRecord } from '../raw/metrics';
import { epochMs } from './time';

/** The raw activity types that make a Terra Activity. */
export type BoutKind = 'walk' | 'run' | 'cycle';

const KINDS = new Map<number, BoutKind>([
  [ACTIVITY_TYPE.walk, 'walk'],
  [ACTIVITY_TYPE.run, 'run'],
  [ACTIVITY_TYPE.cycle, 'cycle'],
]);

export const RECORD_MS = ACTIVITY_RECORD_SECONDS * 1000;

/** One walk, run or ride: its records inside the day, [start, end) in epoch ms. */
export interface Bout {
  kind: BoutKind;
  start: number;
  end: number;
  records: ActivityRecord[];
  /** Records of this bout that fell outside the day and were cut off. */
  outside: number;
}

interface Timed {
  at: number;
  kind: BoutKind | undefined;
  record: ActivityRecord;
}

/**
 * The walks, runs and rides of one local day. A bout is a run of time-sorted records of one kind,
 * each less than MAX_BOUT_GAP_SECONDS after the previous one; a record of any other type (or none)
 * ends it, so bouts never overlap. A record covers ACTIVITY_RECORD_SECONDS from its timestamp.
 * A bout reaching past the day is cut at the day's edge (the cut records are counted on it), and
 * what is left must last MIN_BOUT_SECONDS. Records sharing a timestamp count once (the first).
 */
export function detectBouts(records: readonly ActivityRecord[], day: { start: number; end: number }): Bout[] {
  const runs: Timed[][] = [];
  let current: Timed[] = [];
  for (const timed of sortedUnique(records)) {
    const last = current.at(-1);
    if (last && timed.kind === last.kind && timed.at - last.at < MAX_BOUT_GAP_SECONDS * 1000) {
      current.push(timed);
      continue;
    }
    if (current.length) runs.push(current);
    current = timed.kind ? [timed] : [];
  }
  if (current.length) runs.push(current);
  return runs.flatMap((run) => clip(run, day));
}

function clip(run: Timed[], day: { start: number; end: number }): Bout[] {
  const inside = run.filter((t) => t.at >= day.start && t.at < day.end);
  const first = inside[0];
  const last = inside.at(-1);
  if (!first?.kind || !last) return [];
  const end = last.at + RECORD_MS;
  if (end - first.at < MIN_BOUT_SECONDS * 1000) return [];
  return [
    {
      kind: first.kind,
      start: first.at,
      end,
      records: inside.map((t) => t.record),
      outside: run.length - inside.length,
    },
  ];
}

function sortedUnique(records: readonly ActivityRecord[]): Timed[] {
  const timed = records
    .map((record) => ({ at: epochMs(record.timestamp), kind: KINDS.get(record.activity_type ?? -1), record }))
    .sort((a, b) => a.at - b.at);
  return timed.filter((t, i) => i === 0 || t.at !== timed[i - 1]?.at);
}
