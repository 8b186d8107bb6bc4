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

/**
 * A `/user-summaries` answer: its pagination fields, one parsed summary per good day, and the days
 * that were structurally broken, each with its error. One bad day never stops the others.
 */
export function parseUserSummaries(body: unknown) {
  const page = parseWith(UserSummariesPage, body, 'user-summaries', null);
  const data: UserSummary[] = [];
  const rejected: Array<{ index: number; date: string | null; error: RawDataError }> = [];
  page.data.forEach((day, index) => {
    try {
      data.push(parseWith(UserSummary, day, 'user-summaries', index));
    } catch (error) {
      if (!(error instanceof RawDataError)) throw error;
      const date = (day as { date?: unknown } | null)?.date;
      rejected.push({ index, date: typeof date === 'string' ? date : null, error });
    }
  });
  return { ...page, data, rejected };
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
