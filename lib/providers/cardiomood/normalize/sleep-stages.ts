import type { SleepHypnogramSample, SleepLevel } from '@/lib/models/terra';
import { SLEEP_RECORD_MAX_GAP_SECONDS, SLEEP_STATE, SLEEP_SUMMARY_SECONDS_PER_UNIT } from '../assumptions';
import { RawDataError } from '../raw/parse';
import type { UserSummary } from '../raw/summary';
import { epochMs, isoLocal } from './time';

export type Stage = 'unknown' | 'awake' | 'light' | 'deep' | 'rem';
type SleepSection = NonNullable<UserSummary['sleep']>;

const LEVEL: Record<Stage, SleepLevel> = { unknown: 0, awake: 1, light: 4, deep: 5, rem: 6 };
const STAGE_OF_CODE = new Map<number, Stage>(
  Object.entries(SLEEP_STATE).map(([stage, code]) => [code, stage as Stage] as const),
);
const isAsleep = (stage: Stage) => stage === 'light' || stage === 'deep' || stage === 'rem';

/** One stretch of a single stage: `start` in epoch seconds, `seconds` whole seconds. */
export interface Run {
  start: number;
  seconds: number;
  stage: Stage;
}

/** Seconds per stage and what follows from them; `inBed` is exactly awake + asleep + unmeasurable. */
export interface StageDurations {
  awake: number | null;
  light: number | null;
  deep: number | null;
  rem: number | null;
  asleep: number | null;
  unmeasurable: number;
  inBed: number;
  remEvents: number | null;
  wakeUps: number | null;
  sleepLatency: number | null;
  wakeUpLatency: number | null;
}

/**
 * Stage codes at instants (epoch ms) → runs that tile [first, last + `lastSeconds`) with no hole or
 * overlap. Times are whole seconds; of two codes in the same second only the later-sorting one counts.
 */
export function stageRuns(states: ReadonlyArray<{ at: number; code: number }>, lastSeconds: number): Run[] {
  const sorted = states
    .map((s) => ({ at: Math.floor(s.at / 1000), code: s.code }))
    .sort((a, b) => a.at - b.at || a.code - b.code);
  const runs: Run[] = [];
  const add = (start: number, seconds: number, stage: Stage) => {
    if (seconds <= 0) return;
    const last = runs.at(-1);
    if (last?.stage === stage) last.seconds += seconds;
    else runs.push({ start, seconds, stage });
  };
  sorted.forEach((state, i) => {
    const next = sorted[i + 1];
    const gap = next ? next.at - state.at : lastSeconds;
    const covered = Math.min(gap, SLEEP_RECORD_MAX_GAP_SECONDS);
    add(state.at, covered, STAGE_OF_CODE.get(state.code) ?? 'unknown');
    add(state.at + covered, gap - covered, 'unknown');
  });
  return runs;
}

/** Stage totals, REM periods, wake-ups and latencies of a night's runs. */
export function runDurations(runs: readonly Run[]): StageDurations {
  const total = (stage: Stage) => runs.reduce((sum, r) => sum + (r.stage === stage ? r.seconds : 0), 0);
  const [light, deep, rem] = [total('light'), total('deep'), total('rem')];
  const first = runs.findIndex((r) => isAsleep(r.stage));
  const last = runs.findLastIndex((r) => isAsleep(r.stage));
  let wakeUps = 0;
  let sleeping = false;
  for (const run of runs) {
    if (isAsleep(run.stage)) sleeping = true;
    else if (run.stage === 'awake' && sleeping) {
      wakeUps += 1;
      sleeping = false;
    }
  }
  return {
    awake: total('awake'),
    light,
    deep,
    rem,
    asleep: light + deep + rem,
    unmeasurable: total('unknown'),
    inBed: runs.reduce((sum, r) => sum + r.seconds, 0),
    remEvents: runs.filter((r) => r.stage === 'rem').length,
    wakeUps,
    sleepLatency: first < 0 ? null : awakeSeconds(runs.slice(0, first)),
    wakeUpLatency: first < 0 ? null : awakeSeconds(runs.slice(last + 1)),
  };
}

/** A latency is known only when the whole stretch was measured awake; unmeasured time could be sleep. */
function awakeSeconds(runs: readonly Run[]): number | null {
  return runs.every((r) => r.stage === 'awake') ? runs.reduce((sum, r) => sum + r.seconds, 0) : null;
}

const MINUTE_FIELDS = ['awake_time', 'light_time', 'deep_time', 'rem_time', 'sleep_duration'] as const;

/**
 * Durations from the summary's minute totals. `span` is the session length in seconds when known;
 * minute-rounded totals may exceed it by a little, so in bed covers the totals and the parts still add up.
 */
export function summaryDurations(section: SleepSection, span: number | null): StageDurations {
  const [awake, light, deep, rem, total] = MINUTE_FIELDS.map((field) => {
    const minutes = section[field];
    if (minutes === null || minutes === undefined) return null;
    if (!Number.isFinite(minutes) || minutes < 0) {
      throw new RawDataError('user-summaries', null, `sleep.${field}`, 'is not a duration');
    }
    return Math.round(minutes * SLEEP_SUMMARY_SECONDS_PER_UNIT);
  });
  const staged = light != null || deep != null || rem != null;
  const asleep = staged ? (light ?? 0) + (deep ?? 0) + (rem ?? 0) : (total ?? null);
  const measured = (awake ?? 0) + (asleep ?? 0);
  const inBed = Math.max(span ?? 0, measured);
  return {
    awake: awake ?? null,
    light: light ?? null,
    deep: deep ?? null,
    rem: rem ?? null,
    asleep,
    unmeasurable: inBed - measured,
    inBed,
    remEvents: null,
    wakeUps: null,
    sleepLatency: null,
    wakeUpLatency: null,
  };
}

/** The summary's own session bounds (epoch ms), when it has both; a stop before the start is broken data. */
export function summaryBounds(section: SleepSection | null | undefined): { start: number; end: number } | null {
  if (section?.start_session == null || section.stop_session == null) return null;
  const [start, end] = [epochMs(section.start_session), epochMs(section.stop_session)];
  if (end < start)
    throw new RawDataError('user-summaries', null, 'sleep.stop_session', 'is before sleep.start_session');
  return { start, end };
}

/** One hypnogram sample per stage change, levels as Terra's SleepLevel. */
export function hypnogram(runs: readonly Run[], offsetMinutes: number): SleepHypnogramSample[] {
  return runs.map((r) => ({ timestamp: isoLocal(r.start * 1000, offsetMinutes), level: LEVEL[r.stage] }));
}
