const MINUTE = 60_000;
export const DAY = 1440 * MINUTE;

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:?\d{2})?$/;

/** Epoch ms of a UTC calendar time, or null when a field is out of range (Feb 30, 25:00, …). */
function utc(parts: number[]): number | null {
  const [year, month, day, hour = 0, minute = 0, second = 0, ms = 0] = parts as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  const fits =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return fits ? date.getTime() : null;
}

/** A `Y-m-d` date as the epoch ms of its UTC midnight; null when malformed or not a real day. */
export function parseYmd(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? utc(match.slice(1, 4).map(Number)) : null;
}

export const ymd = (utcMidnight: number) => new Date(utcMidnight).toISOString().slice(0, 10);

/**
 * An ISO datetime as epoch ms. `withOffset` true: it must end in an offset (`+01:00`, `Z`);
 * false: it must not, and is read as wall-clock time at `offsetMinutes`. Fractions finer than ms are cut.
 */
export function parseDateTime(value: string, withOffset: boolean, offsetMinutes: number): number | null {
  const match = DATETIME.exec(value);
  if (!match) return null;
  const zone = match[8];
  if (Boolean(zone) !== withOffset) return null;
  const ms = Number((match[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const wall = utc([...match.slice(1, 7).map(Number), ms]);
  const offset = zone ? zoneMinutes(zone) : offsetMinutes;
  return wall === null || offset === null ? null : wall - offset * MINUTE;
}

function zoneMinutes(zone: string): number | null {
  if (zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const [hours, minutes] = [Number(digits.slice(1, 3)), Number(digits.slice(3, 5))];
  if (hours > 18 || minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/** The account's local date at `t`. */
export const localDate = (t: number, offsetMinutes: number) => ymd(t + offsetMinutes * MINUTE);
