import { and, eq, inArray } from 'drizzle-orm';
import { rawRecords } from '@/db/schema';
import type { connections } from '@/db/schema';
import { terraUser } from '../connections/terra-user';
import { type Ctx, withTransaction } from '../context';
import { emitEvent } from '../events/emit-event';
import { upsertPayload } from '../payloads/upsert-payload';
import { normalizeDay } from '../providers/cardiomood/normalize';
import type { DayRaw } from '../providers/cardiomood/normalize/day-input';
import { offsetOf } from '../providers/cardiomood/normalize/time';
import type { RawMetric } from '../providers/cardiomood/raw/metrics';
import { parseRawMetric, parseUserSummaries, RawDataError } from '../providers/cardiomood/raw/parse';
import { previousDate } from './local-dates';

type Connection = typeof connections.$inferSelect;
export const dataVersion = '2022-03-16';

/**
 * Normalizes the stored raw data of `dates`, upserts the payloads and, for each payload that changed,
 * writes its Terra data event in the same transaction. A broken day is reported and skipped. History
 * fetched for a request passes `emitEvents: false`: the request delivers it under its own reference.
 */
export async function normalizeDays(
  ctx: Ctx,
  connection: Connection,
  dates: string[],
  options: { emitEvents?: boolean } = {},
) {
  let changedPayloads = 0;
  let offset = connection.utcOffsetMinutes ?? 0;
  const broken: Array<{ date: string; error: string }> = [];
  for (const date of dates) {
    try {
      const raw = await loadRaw(ctx, connection.id, [previousDate(date), date]);
      const today = raw.get(date);
      if (!today) continue;
      offset = offsetOf(today.records.activity[0]?.date) ?? offset;
      const yesterday = raw.get(previousDate(date));
      const day: DayRaw = { date, utcOffsetMinutes: offset, summary: today.summary, ...today.records };
      const both = <K extends keyof typeof today.records>(key: K) => [
        ...(yesterday?.records[key] ?? []),
        ...today.records[key],
      ];
      const night = {
        ...day,
        activity: both('activity'),
        sleep: both('sleep'),
        rr: both('rr'),
        temperature: both('temperature'),
        hrv: both('hrv'),
      } as DayRaw;
      const rawIds = [...today.ids, ...(yesterday?.ids ?? [])];
      for (const made of normalizeDay(day, night)) {
        const start = (made.payload.metadata as { start_time: string }).start_time;
        await withTransaction(ctx, async (tx) => {
          const stored = await upsertPayload(tx, {
            userId: connection.id,
            type: made.type,
            naturalKey: made.naturalKey,
            day: date,
            startTime: start,
            payload: made.payload,
            rawRecordIds: rawIds,
            dropped: made.dropped,
          });
          if (!stored.changed) return;
          changedPayloads += 1;
          if (options.emitEvents === false) return;
          await emitEvent(tx, {
            type: made.type,
            userId: connection.id,
            body: { type: made.type, data: [made.payload], user: terraUser(connection), version: dataVersion },
          });
        });
      }
    } catch (error) {
      if (!(error instanceof RawDataError)) throw error;
      broken.push({ date, error: error.message });
    }
  }
  return { changedPayloads, broken, offset };
}

const metricKeys: Record<RawMetric, keyof Omit<DayRaw, 'date' | 'utcOffsetMinutes' | 'summary'>> = {
  activity: 'activity',
  sleep: 'sleep',
  'rr-interval': 'rr',
  temperature: 'temperature',
  'heart-rate-variability': 'hrv',
};

/** The stored raw answers of the user for `days`, parsed, with their row ids. */
async function loadRaw(ctx: Ctx, userId: string, days: string[]) {
  const rows = await ctx.db
    .select({ id: rawRecords.id, source: rawRecords.source, day: rawRecords.day, body: rawRecords.body })
    .from(rawRecords)
    .where(and(eq(rawRecords.accountId, ctx.account.id), eq(rawRecords.userId, userId), inArray(rawRecords.day, days)));
  const out = new Map<
    string,
    { ids: string[]; summary: DayRaw['summary']; records: Omit<DayRaw, 'date' | 'utcOffsetMinutes' | 'summary'> }
  >();
  for (const row of rows) {
    const entry = out.get(row.day) ?? {
      ids: [],
      summary: null,
      records: { activity: [], sleep: [], rr: [], temperature: [], hrv: [] },
    };
    entry.ids.push(row.id);
    const body = JSON.parse(row.body) as unknown;
    if (row.source === 'user-summaries') {
      const parsed = parseUserSummaries({ data: [body] });
      const rejected = parsed.rejected[0];
      if (rejected) throw rejected.error;
      entry.summary = parsed.data[0] ?? null;
    } else {
      const metric = row.source.replace('raw-metrics/', '') as RawMetric;
      if (metric in metricKeys) (entry.records[metricKeys[metric]] as unknown[]) = parseRawMetric(metric, body);
    }
    out.set(row.day, entry);
  }
  return out;
}
