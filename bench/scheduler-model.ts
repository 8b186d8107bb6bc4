/**
 * The CardioMood side of the scheduler benchmark: a population of connections whose bands are worn
 * (data accrues all day) on some local days, their tokens, and what a poll at a given moment finds.
 */
import { samplesDays } from '@/lib/ingest/poll-policy';

const day = 86_400_000;
export const tokenTtlMs = 3_600_000; // CardioMood's documented `ttl: 60` (minutes)
const refreshAheadMs = 5 * 60_000; // as lib/ingest/access-token.ts

export interface Population {
  /** Share of connection-days on which the band is worn. */
  wornShare: number;
  seed: number;
}

export interface ConnectionState {
  offsetMs: number;
  lastPoll: number;
  tokenExpires: number;
}

/** A deterministic hash in [0, 1) of integers (no Math.random: runs repeat exactly). */
function unit(...values: number[]): number {
  let h = 2166136261;
  for (const v of values) {
    h ^= v;
    h = Math.imul(h, 16777619);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return (h >>> 0) / 2 ** 32;
}

/** A whole or half hour between −8:00 and +9:00, like the simulator's accounts. */
export function offsetOf(index: number, seed: number): number {
  return (Math.floor(unit(index, seed, 7) * 35) - 16) * 30 * 60_000;
}

export function model(population: Population) {
  const localDay = (state: ConnectionState, at: number) => Math.floor((at + state.offsetMs) / day);
  const worn = (index: number, dayNumber: number) => unit(index, dayNumber, population.seed) < population.wornShare;
  const isoDay = (dayNumber: number) => new Date(dayNumber * day).toISOString().slice(0, 10);

  /** The first moment after `from`, up to `to`, at which new data existed upstream; null if none. */
  function firstNewData(index: number, state: ConnectionState, from: number, to: number): number | null {
    for (let d = localDay(state, from); d <= localDay(state, to); d++) {
      if (!worn(index, d)) continue;
      const start = Math.max(from, d * day - state.offsetMs);
      if (start < to) return start;
    }
    return null;
  }

  return {
    /** How long CardioMood has held data Heartbridge has not polled yet (0 when none). */
    staleness(index: number, state: ConnectionState, now: number): number {
      const first = firstNewData(index, state, state.lastPoll, now);
      return first === null ? 0 : now - first;
    },
    /** What one poll at `now` costs and finds: the lookback window is today and the 2 days before. */
    poll(index: number, state: ConnectionState, now: number, options: { spare: boolean; everyChangedDay: boolean }) {
      const today = localDay(state, now);
      const changed: string[] = [];
      for (let d = today - 2; d <= today; d++) {
        const from = Math.max(state.lastPoll, d * day - state.offsetMs);
        const to = Math.min(now, (d + 1) * day - state.offsetMs);
        if (from < to && worn(index, d)) changed.push(isoDay(d));
      }
      const samples = options.everyChangedDay ? changed : samplesDays(changed, isoDay(today), options.spare);
      const refresh = state.tokenExpires - now < refreshAheadMs;
      return { changed: changed.length > 0, summaryCalls: 1, samplesCalls: 5 * samples.length, refresh };
    },
  };
}
