import type { Ctx } from '../context';
import type { CardiomoodApi } from '../providers/cardiomood/api-client';
import type { RawMetric } from '../providers/cardiomood/raw/metrics';
import { parseUserSummaries } from '../providers/cardiomood/raw/parse';
import { storeRawRecord } from '../payloads/store-raw-record';

export const syncedMetrics: RawMetric[] = ['activity', 'sleep', 'rr-interval', 'temperature', 'heart-rate-variability'];

/**
 * Fetches the summaries of `dates` (one call) and, for each recent day whose summary changed, the
 * day's raw metrics; keeps every answer verbatim. Returns the days with new raw data and the days CardioMood
 * sent broken (recorded, not fatal).
 */
export async function fetchDays(
  ctx: Ctx,
  api: CardiomoodApi,
  userId: string,
  dates: string[],
  options: { rawDays?: number } = {},
) {
  const first = dates[0] as string;
  const last = dates.at(-1) as string;
  const answer = await api.summaries(first, last);
  const page = parseUserSummaries(answer.body);
  const elements = (answer.body as { data: unknown[] }).data;
  const changed = new Set<string>();
  for (const [index, element] of elements.entries()) {
    const date = (element as { date?: unknown })?.date;
    if (typeof date !== 'string' || !dates.includes(date)) continue;
    if (page.rejected.some((r) => r.index === index)) continue;
    const stored = await storeRawRecord(ctx, {
      userId,
      source: 'user-summaries',
      day: date,
      body: JSON.stringify(element),
    });
    if (stored.changed) changed.add(date);
  }
  // Raw metrics are heavy (a night holds ~30,000 RR intervals): only for the latest `rawDays` days.
  const rawDates = new Set(dates.slice(-(options.rawDays ?? dates.length)));
  for (const date of [...changed].filter((d) => rawDates.has(d))) {
    for (const metric of syncedMetrics) {
      const raw = await api.rawMetric(metric, date);
      await storeRawRecord(ctx, { userId, source: `raw-metrics/${metric}`, day: date, body: raw.text });
    }
  }
  return { changed: [...changed].sort(), rejected: page.rejected };
}
