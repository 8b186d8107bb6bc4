import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import { rawRecords } from '@/db/schema';
import type { Db } from '@/db/client';
import type { Ctx } from '../context';
import { storeRawRecord } from '../payloads/store-raw-record';
import { TokenRefused } from '../providers/cardiomood/oauth';
import { markRevoked } from './access-token';
import { cardiomoodSession, loadConnection } from './cardiomood-session';
import { fetchDays, noDaysFetched } from './fetch-days';
import { localDates } from './local-dates';
import { normalizeDays } from './normalize-days';

/** CardioMood answered no summary for a day: recorded so that the day is not asked for again. */
export const noSummarySource = 'user-summaries/none';
/** A day this recent may still receive data (the armband syncs late): its absence is not recorded. */
const settledAfterDays = 7;
/** One `/user-summaries` page holds 31 days. */
const maxWindowDays = 31;

export type HistoryOutcome =
  | { status: 'complete'; fetchedDays: number; payloads: number }
  | { status: 'partial'; fetchedDays: number; payloads: number; remaining: number }
  | { status: 'skipped'; reason: string };

/**
 * Fetches from CardioMood the days among `days` that were never synced (today and earlier), keeps
 * the answers verbatim and stores their payloads without events: whoever asked delivers them. The
 * day after each fetched day is normalized again (its night starts the evening before), with events.
 * Stops at `deadline` (ms since epoch) and says what remains; every call waits for the shared budget.
 */
export async function fetchHistory(
  db: Db,
  userId: string,
  days: string[],
  options: {
    now?: Date;
    deadline?: number;
    /** Called before each window; false stops the fetch (a cancelled backfill). */
    beforeWindow?: () => Promise<boolean>;
    /** Days per window (at most 31, one summaries page): smaller windows notice a cancel sooner. */
    windowDays?: number;
  } = {},
): Promise<HistoryOutcome> {
  const now = options.now ?? new Date();
  const loaded = await loadConnection(db, userId);
  if (!loaded) return { status: 'skipped', reason: 'no such connection' };
  const { connection, integration, account } = loaded;
  if (connection.status !== 'active') return { status: 'skipped', reason: 'connection inactive' };
  if (!integration.enabled) return { status: 'skipped', reason: 'CardioMood disabled' };
  const ctx: Ctx = { db, account, actor: { kind: 'system', name: 'history' } };
  const today = localDates(now, connection.utcOffsetMinutes ?? 0, 0)[0] as string;
  const settled = localDates(now, connection.utcOffsetMinutes ?? 0, settledAfterDays)[0] as string;
  const missing = await missingHistory(ctx, connection, days, now);
  let fetchedDays = 0;
  let payloads = 0;
  const windows = windowsOf(missing, Math.min(maxWindowDays, options.windowDays ?? maxWindowDays));
  for (const [index, window] of windows.entries()) {
    const left = options.deadline === undefined ? undefined : options.deadline - Date.now();
    const goOn = (left === undefined || left > 0) && (await (options.beforeWindow?.() ?? true));
    if (!goOn) {
      const remaining = windows.slice(index).reduce((n, w) => n + w.length, 0);
      return { status: 'partial', fetchedDays, payloads, remaining };
    }
    const cardiomood = cardiomoodSession(ctx, loaded, { now, maxBudgetWaitMs: left ?? 120_000 });
    const fetched = noDaysFetched();
    let failure: unknown;
    try {
      await cardiomood.call((api) => fetchDays(ctx, api, userId, window, fetched));
    } catch (error) {
      failure = error;
    }
    // Days kept before a failure are normalized too: they will not be fetched again.
    const changed = [...fetched.changed].sort();
    const normalized = await normalizeDays(ctx, connection, changed, { emitEvents: false });
    const after = changed.map((d) => nextDay(d)).filter((d) => !changed.includes(d) && d <= today);
    await normalizeDays(ctx, connection, after);
    fetchedDays += changed.length;
    payloads += normalized.changedPayloads;
    if (failure !== undefined) {
      if (failure instanceof TokenRefused && failure.reason === 'invalid_grant') {
        await markRevoked(ctx, connection, failure.message);
      }
      throw failure;
    }
    for (const day of window.filter((d) => !changed.includes(d) && d < settled)) {
      await storeRawRecord(ctx, { userId, source: noSummarySource, day, body: '{"data":[]}' });
    }
  }
  return { status: 'complete', fetchedDays, payloads };
}

/** The days among `days` up to the user's today with neither a stored summary nor a recorded absence. */
export async function missingHistory(
  ctx: Ctx,
  connection: { id: string; utcOffsetMinutes: number | null },
  days: string[],
  now = new Date(),
): Promise<string[]> {
  const today = localDates(now, connection.utcOffsetMinutes ?? 0, 0)[0] as string;
  const userId = connection.id;
  const sorted = days.filter((d) => d <= today).sort();
  if (!sorted.length) return [];
  const rows = await ctx.db
    .selectDistinct({ day: rawRecords.day })
    .from(rawRecords)
    .where(
      and(
        eq(rawRecords.accountId, ctx.account.id),
        eq(rawRecords.userId, userId),
        inArray(rawRecords.source, ['user-summaries', noSummarySource]),
        gte(rawRecords.day, sorted[0] as string),
        lte(rawRecords.day, sorted.at(-1) as string),
      ),
    );
  const present = new Set(rows.map((r) => r.day));
  return sorted.filter((d) => !present.has(d));
}

/** Sorted days grouped so that each group spans at most `windowDays` days from its first. */
function windowsOf(days: string[], windowDays: number): string[][] {
  const windows: string[][] = [];
  for (const day of days) {
    const current = windows.at(-1);
    if (current && Date.parse(day) - Date.parse(current[0] as string) < windowDays * 86_400_000) current.push(day);
    else windows.push([day]);
  }
  return windows;
}

function nextDay(day: string): string {
  return new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
}
