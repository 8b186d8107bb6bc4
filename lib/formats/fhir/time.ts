/**
 * Terra's times as FHIR dateTimes. Terra writes microseconds and the user's offset
 * (`2024-03-10T07:31:00.000000+01:00`); FHIR keeps the offset and the instant, cut to milliseconds so
 * that FHIRPath comparisons (Period.start ≤ end) read it. A time without an offset names no instant: none.
 */
const terraTime = /^(\d{4}-\d{2}-\d{2})T((?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d)(?:\.(\d+))?(Z|[+-]\d{2}:[0-5]\d)$/;
const fhirZone = /^(Z|[+-](0\d|1[0-3]):[0-5]\d|[+-]14:00)$/;

export interface FhirTime {
  /** The FHIR dateTime text, in the payload's own offset. */
  text: string;
  /** Epoch milliseconds. */
  ms: number;
}

export function fhirTime(value: unknown): FhirTime | undefined {
  if (typeof value !== 'string') return undefined;
  const match = terraTime.exec(value);
  if (!match) return undefined;
  const [, date, clock, fraction = '', zone = 'Z'] = match;
  const millis = `${fraction}000`.slice(0, 3);
  const ms = Date.parse(`${date}T${clock}.${millis}${zone}`);
  if (!Number.isFinite(ms) || !realDay(date ?? '')) return undefined;
  if (!fhirZone.test(zone)) return { text: new Date(ms).toISOString(), ms };
  return { text: `${date}T${clock}.${millis}${zone}`, ms };
}

/** A day the calendar has (not Feb 30): it reads back the same, from year 1 on. */
function realDay(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`);
  return Number.isFinite(day.getTime()) && day.getUTCFullYear() >= 1 && day.toISOString().slice(0, 10) === date;
}

/** `ms` written in the offset of `like` (a FHIR dateTime), so a series keeps the payload's local time. */
export function timeLike(ms: number, like: FhirTime): FhirTime {
  const zone = /(Z|[+-]\d{2}:\d{2})$/.exec(like.text)?.[1] ?? 'Z';
  if (zone === 'Z') return { text: new Date(ms).toISOString(), ms };
  const sign = zone.startsWith('-') ? -1 : 1;
  const offsetMs = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  const local = new Date(ms + offsetMs).toISOString().slice(0, 23);
  return { text: `${local}${zone}`, ms };
}
