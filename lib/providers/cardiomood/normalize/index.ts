import type { Activity, Body, Daily, Sleep } from '@/lib/models/terra';
import { normalizeActivities } from './activity';
import { normalizeBody } from './body';
import { normalizeDaily } from './daily';
import type { DayRaw, Normalized } from './day-input';
import { normalizeSleep } from './sleep';

export type DayPayload =
  | ({ type: 'daily'; naturalKey: string } & Normalized<Daily>)
  | ({ type: 'body'; naturalKey: string } & Normalized<Body>)
  | ({ type: 'sleep'; naturalKey: string } & Normalized<Sleep>)
  | ({ type: 'activity'; naturalKey: string } & Normalized<Activity>);

/**
 * Every payload CardioMood's raw data gives for one local day, with its natural key: the date for
 * Daily and Body, `summary_id` for Sleep and each Activity. `night` is the window of the night
 * that ends that morning.
 */
export function normalizeDay(day: DayRaw, night: DayRaw): DayPayload[] {
  const out: DayPayload[] = [{ type: 'daily', naturalKey: day.date, ...normalizeDaily(day) }];
  const body = normalizeBody(day);
  if (body) out.push({ type: 'body', naturalKey: day.date, ...body });
  const sleep = normalizeSleep(night);
  if (sleep) out.push({ type: 'sleep', naturalKey: sleep.payload.metadata.summary_id ?? night.date, ...sleep });
  for (const activity of normalizeActivities(day)) {
    out.push({ type: 'activity', naturalKey: activity.payload.metadata.summary_id, ...activity });
  }
  return out;
}
