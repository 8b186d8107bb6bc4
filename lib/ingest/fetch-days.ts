import { type Ctx, withTransaction } from '../context';
import { ApiFailure, type CardiomoodApi } from '../providers/cardiomood/api-client';
import type { RawMetric } from '../providers/cardiomood/raw/metrics';
import { parseUserSummaries, RawDataError } from '../providers/cardiomood/raw/parse';
import { type RawRecordInput, rawRecordChanged, storeRawRecord } from '../payloads/store-raw-record';
import { samplesDays } from './poll-policy';

export const syncedMetrics: RawMetric[] = ['activity', 'sleep', 'rr-interval', 'temperature', 'heart-rate-variability'];

/** What a fetch kept so far: filled day by day, so that a caller still has it when a later call fails. */
export interface FetchedDays {
  /** Days whose new answers were kept, each with all its raw metrics. */
  changed: string[];
  /** Days CardioMood sent broken (recorded, not fatal). */
  rejected: ReturnType<typeof parseUserSummaries>['rejected'];
}

export const noDaysFetched = (): FetchedDays => ({ changed: [], rejected: [] });

/**
 * Fetches the summaries of `dates` (one call, the last date being today) and, for each recent day whose
 * summary changed or that is one of `endedDays`, the day's raw metrics (today's only with
 * `todaySamples`; see `samplesDays`); keeps
 * every answer verbatim. A day's answers are kept together, summary last, or not at all: a day whose
 * raw metrics failed keeps its old summary and is asked for again.
 */
export async function fetchDays(
  ctx: Ctx,
  api: CardiomoodApi,
  userId: string,
  dates: string[],
  fetched: FetchedDays = noDaysFetched(),
  options: { rawDays?: number; todaySamples?: boolean; endedDays?: string[] } = {},
): Promise<FetchedDays> {
  const first = dates[0] as string;
  const last = dates.at(-1) as string;
  const answer = await api.summaries(first, last);
  const page = summariesPage(answer.body);
  fetched.rejected = page.rejected;
  const elements = (answer.body as { data: unknown[] }).data;
  // Raw metrics are heavy (a night holds ~30,000 RR intervals): only for the latest `rawDays` days.
  const rawDates = new Set(dates.slice(-(options.rawDays ?? dates.length)));
  for (const [index, element] of elements.entries()) {
    const date = (element as { date?: unknown })?.date;
    if (typeof date !== 'string' || !dates.includes(date)) continue;
    if (page.rejected.some((r) => r.index === index)) continue;
    const summary: RawRecordInput = { userId, source: 'user-summaries', day: date, body: JSON.stringify(element) };
    const changed = await rawRecordChanged(ctx, summary);
    const ended = options.endedDays?.includes(date) ?? false;
    if (!changed && !ended) continue;
    const samples = samplesDays(
      [date].filter((d) => rawDates.has(d)),
      last,
      options.todaySamples ?? true,
    );
    if (!changed && !samples.length) continue;
    const records: RawRecordInput[] = [];
    for (const metric of samples.length ? syncedMetrics : []) {
      const raw = await api.rawMetric(metric, date);
      records.push({ userId, source: `raw-metrics/${metric}`, day: date, body: raw.text });
    }
    await withTransaction(ctx, async (tx) => {
      for (const record of [...records, summary]) await storeRawRecord(tx, record);
    });
    if (!fetched.changed.includes(date)) fetched.changed.push(date);
  }
  return fetched;
}

/** A summaries answer that is no page at all (its days cannot even be told apart) is a malformed answer. */
function summariesPage(body: unknown) {
  try {
    return parseUserSummaries(body);
  } catch (error) {
    if (error instanceof RawDataError) throw new ApiFailure('malformed', error.message);
    throw error;
  }
}
