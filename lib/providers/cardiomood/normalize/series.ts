import { DropCounter, type Measure } from '../plausibility';
import { epochMs, isoLocal } from './time';

/** One reading at one instant (epoch ms), before it becomes a Terra sample. */
export interface Point {
  at: number;
  value: number;
}

/**
 * The plausible readings of `records` inside [start, end), sorted by time. Readings outside the
 * interval or outside the measure's range are dropped and counted; absent ones are skipped.
 */
export function points<R extends { timestamp: number }>(
  records: readonly R[] | null | undefined,
  read: (record: R) => number | null | undefined,
  measure: Measure,
  interval: { start: number; end: number },
  drops: DropCounter,
): Point[] {
  const out: Point[] = [];
  for (const record of records ?? []) {
    const raw = read(record);
    if (raw === null || raw === undefined) continue;
    const at = epochMs(record.timestamp);
    if (at < interval.start || at >= interval.end) {
      drops.count('outside_interval');
      continue;
    }
    const value = drops.keep(measure, raw);
    if (value !== null) out.push({ at, value });
  }
  return isSorted(out) ? out : out.sort((a, b) => a.at - b.at);
}

function isSorted(values: readonly Point[]): boolean {
  for (let i = 1; i < values.length; i++) if ((values[i] as Point).at < (values[i - 1] as Point).at) return false;
  return true;
}

export const sum = (values: readonly Point[]) => values.reduce((total, p) => total + p.value, 0);
export const mean = (values: readonly Point[]) => (values.length ? round(sum(values) / values.length, 2) : null);
export const max = (values: readonly Point[]) => (values.length ? Math.max(...values.map((p) => p.value)) : null);
export const min = (values: readonly Point[]) => (values.length ? Math.min(...values.map((p) => p.value)) : null);

export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Maps points to Terra samples stamped in local ISO time; `make` builds each sample in one object. */
export function samples<T>(
  values: readonly Point[],
  offsetMinutes: number,
  make: (p: Point, timestamp: string) => T,
): T[] {
  return values.map((p) => make(p, isoLocal(p.at, offsetMinutes)));
}

/**
 * Terra's step and distance samples are running totals since the payload's start. A period's amount
 * is done by the end of the period, so each total is stamped there.
 */
export function runningTotals(values: readonly Point[], periodMs: number, digits = 3): Point[] {
  let total = 0;
  return values.map((p) => {
    total += p.value;
    return { at: p.at + periodMs, value: round(total, digits) };
  });
}

export { DropCounter };
