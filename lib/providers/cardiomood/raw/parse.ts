import type { z } from 'zod';
import { RawDataError } from './errors';
import { checkRecord, type RawMetric, type RawRecord } from './metrics';
import { UserProfile } from './profile';
import { UserSummariesPage, UserSummary } from './summary';

export { RawDataError };

function parseWith<S extends z.ZodType>(schema: S, value: unknown, source: string, record: number | null): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new RawDataError(
    source,
    record,
    issue?.path.join('.') || (record === null ? '(body)' : '(record)'),
    issue?.message ?? 'is invalid',
  );
}

/** A `/user-summaries` answer: its pagination fields and one parsed summary per day. */
export function parseUserSummaries(body: unknown) {
  const page = parseWith(UserSummariesPage, body, 'user-summaries', null);
  return { ...page, data: page.data.map((day, index) => parseWith(UserSummary, day, 'user-summaries', index)) };
}

/** A `/v2/raw-metrics/{metric}` answer: an array of records. */
export function parseRawMetric<M extends RawMetric>(metric: M, body: unknown): RawRecord<M>[] {
  if (!Array.isArray(body)) throw new RawDataError(`raw-metrics/${metric}`, null, '(body)', 'is not an array');
  return body.map((record, index) => checkRecord(metric, record, index));
}

/** A user profile (see ./profile.ts: its source is an assumption). */
export function parseUserProfile(body: unknown) {
  return parseWith(UserProfile, body, 'user profile', null);
}
