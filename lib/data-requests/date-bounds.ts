import { z } from 'zod';

/** One end of a requested range: a local calendar day, or an exact instant (unix seconds, ISO date-time). */
export type Bound = { kind: 'day'; day: string } | { kind: 'instant'; at: Date };

const DAY = 86_400_000;
const ymd = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `YYYY-MM-DD` that names a real calendar day (2024-02-30 does not). */
export function isCalendarDay(value: string): boolean {
  const match = ymd.exec(value);
  if (!match) return false;
  const t = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === value && Number(match[1]) >= 1970;
}

/**
 * A `start_date`/`end_date` query value as Terra takes it: `YYYY-MM-DD` or unix seconds (up to 10
 * digits), and also an ISO 8601 date-time with an offset. Anything else is a 400 naming the parameter.
 */
export const DateParam = (name: string) =>
  z
    .string({ message: `${name} is required.` })
    .transform((value, context): Bound => {
      const text = value.trim();
      if (/^\d{1,10}$/.test(text)) return { kind: 'instant', at: new Date(Number(text) * 1000) };
      if (ymd.test(text)) {
        if (isCalendarDay(text)) return { kind: 'day', day: text };
        context.addIssue({ code: 'custom', message: `${name} ${text} is not a calendar date.` });
        return z.NEVER;
      }
      if (dateTime.test(text) && isCalendarDay(text.slice(0, 10)) && Number.isFinite(Date.parse(text))) {
        return { kind: 'instant', at: new Date(Date.parse(text)) };
      }
      context.addIssue({
        code: 'custom',
        message: `${name} must be a date (YYYY-MM-DD) or a unix timestamp in seconds (up to 10 digits).`,
      });
      return z.NEVER;
    })
    .describe('ISO 8601 date (YYYY-MM-DD) or unix timestamp in seconds');

/** The bound as an instant: a day starts at UTC midnight (Terra counts a range's days this way). */
export function instantOf(bound: Bound): number {
  return bound.kind === 'day' ? Date.parse(`${bound.day}T00:00:00Z`) : bound.at.getTime();
}

/** Terra's cost of a request in days: `end − start`, rounded up, at least 1. */
export function rangeDays(start: Bound, end: Bound): number {
  return Math.max(1, Math.ceil((instantOf(end) - instantOf(start)) / DAY));
}

/** The local calendar day a bound falls on, at the user's UTC offset. */
export function localDayOf(bound: Bound, offsetMinutes: number): string {
  if (bound.kind === 'day') return bound.day;
  return new Date(bound.at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** The local days `[first, last]` a range touches (end exclusive: an end at midnight adds no day). */
export function localDaySpan(start: Bound, end: Bound, offsetMinutes: number): { first: string; last: string } {
  const first = localDayOf(start, offsetMinutes);
  const endInstant = end.kind === 'day' ? end : { kind: 'instant' as const, at: new Date(end.at.getTime() - 1) };
  const last = end.kind === 'day' ? addDays(end.day, -1) : localDayOf(endInstant, offsetMinutes);
  // A range inside one day still touches that day (string dates: not Math.max).
  if (last < first) return { first, last: first };
  return { first, last };
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** Every day from `first` to `last`, inclusive. */
export function daysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) out.push(day);
  return out;
}

/** The calendar months `[first, last]` touches, each as its days within the span: `[start, end)` exclusive. */
export function calendarMonths(first: string, last: string): Array<{ start: string; end: string }> {
  const months: Array<{ start: string; end: string }> = [];
  let start = first;
  while (start <= last) {
    const [y, m] = start.split('-').map(Number) as [number, number];
    const nextMonth = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
    const end = nextMonth <= last ? nextMonth : addDays(last, 1);
    months.push({ start, end });
    start = end;
  }
  return months;
}

export function boundToJson(bound: Bound): { day: string } | { at: string } {
  return bound.kind === 'day' ? { day: bound.day } : { at: bound.at.toISOString() };
}

export function boundFromJson(value: unknown): Bound {
  const v = value as { day?: string; at?: string };
  return v.day ? { kind: 'day', day: v.day } : { kind: 'instant', at: new Date(v.at ?? 0) };
}
