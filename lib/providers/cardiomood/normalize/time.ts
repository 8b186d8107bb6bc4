import { EPOCH_MILLISECONDS_ABOVE } from '../assumptions';

const MINUTE = 60_000;
export const DAY_MS = 24 * 60 * MINUTE;

/** A CardioMood timestamp in epoch milliseconds, whichever unit it came in (see assumptions). */
export function epochMs(timestamp: number): number {
  return timestamp > EPOCH_MILLISECONDS_ABOVE ? timestamp : timestamp * 1000;
}

/**
 * Terra's timestamp format: ISO 8601 in the user's local time, microsecond precision, with the offset.
 * Built by arithmetic with the last day's date cached: payloads hold tens of thousands of samples.
 */
export function isoLocal(epochMilliseconds: number, offsetMinutes: number): string {
  const local = epochMilliseconds + offsetMinutes * MINUTE;
  const dayNumber = Math.floor(local / DAY_MS);
  if (dayNumber !== cache.day || offsetMinutes !== cache.offset) {
    cache.day = dayNumber;
    cache.offset = offsetMinutes;
    cache.date = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    const abs = Math.abs(offsetMinutes);
    cache.tail = `000${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
    cache.minute = -1;
  }
  const ms = local - dayNumber * DAY_MS;
  const minuteOfDay = Math.floor(ms / MINUTE);
  if (minuteOfDay !== cache.minute) {
    cache.minute = minuteOfDay;
    cache.head = `${cache.date}T${HOURS_MINUTES[minuteOfDay]}:`;
  }
  return cache.head + SECONDS_MILLIS[ms - minuteOfDay * MINUTE] + cache.tail;
}

/** "HH:MM" for each minute of a day, and "SS.mmm" for each millisecond of a minute: built once. */
const HOURS_MINUTES = Array.from({ length: 1440 }, (_, i) => `${pad(Math.floor(i / 60))}:${pad(i % 60)}`);
const SECONDS_MILLIS = Array.from(
  { length: 60_000 },
  (_, i) => `${pad(Math.floor(i / 1000))}.${String(i % 1000).padStart(3, '0')}`,
);

const cache = { day: Number.NaN, offset: Number.NaN, date: '', tail: '', minute: -1, head: '' };

/** The UTC offset written at the end of an ISO datetime (`…+01:00`, `…Z`), in minutes; null when absent. */
export function offsetOf(isoDateTime: string | null | undefined): number | null {
  const match = isoDateTime?.match(/(Z|([+-])(\d{2}):?(\d{2}))$/);
  if (!match) return null;
  if (match[1] === 'Z') return 0;
  const minutes = Number(match[3]) * 60 + Number(match[4]);
  return match[2] === '-' ? -minutes : minutes;
}

/** Start and end (epoch ms) of a local calendar day `YYYY-MM-DD` at `offsetMinutes`. */
export function localDay(date: string, offsetMinutes: number): { start: number; end: number } {
  const start = Date.parse(`${date}T00:00:00.000Z`) - offsetMinutes * MINUTE;
  return { start, end: start + DAY_MS };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
