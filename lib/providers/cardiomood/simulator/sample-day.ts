import type { DayRaw } from '../normalize/day-input';
import { nightWindow } from '../normalize/sleep';
import { localDay } from '../normalize/time';
import { parseRawMetric, parseUserSummaries } from '../raw/parse';
import {
  activityRecords,
  hrvRecords,
  type Person,
  rrIntervalRecords,
  sleepRecords,
  temperatureRecords,
} from './records';
import { userSummary } from './summary';

/**
 * What CardioMood would answer about `date` for a simulated person, parsed exactly as real answers
 * are: the calendar day, and the night that ends that morning ([D-1 12:00, D 12:00) local).
 */
export function simulatedDay(
  person: Person,
  date: string,
  upTo = Number.POSITIVE_INFINITY,
): { day: DayRaw; night: DayRaw } {
  const calendar = localDay(date, person.offsetMinutes);
  const summary = userSummary(person, date, { includeSlots: true, upTo });
  const window = (from: number, to: number): Omit<DayRaw, 'date' | 'utcOffsetMinutes' | 'summary'> => {
    const end = Math.min(to, upTo);
    return {
      activity: parseRawMetric('activity', activityRecords(person, from, end)),
      sleep: parseRawMetric('sleep', sleepRecords(person, from, end)),
      rr: parseRawMetric('rr-interval', rrIntervalRecords(person, from, end)),
      temperature: parseRawMetric('temperature', temperatureRecords(person, from, end)),
      hrv: parseRawMetric('heart-rate-variability', hrvRecords(person, from, end)),
    };
  };
  const parsedSummary = summary ? parseUserSummaries({ data: [summary] }).data[0] : null;
  const night = nightWindow(date, person.offsetMinutes);
  return {
    day: {
      date,
      utcOffsetMinutes: person.offsetMinutes,
      summary: parsedSummary,
      ...window(calendar.start, calendar.end),
    },
    night: {
      date,
      utcOffsetMinutes: person.offsetMinutes,
      summary: parsedSummary,
      ...window(night.start, night.end),
    },
  };
}
