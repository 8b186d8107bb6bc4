import { and, eq } from 'drizzle-orm';
import { connections } from '@/db/schema';
import type { Db } from '@/db/client';
import type { Ctx } from '../context';
import { log } from '../log';
import { ApiFailure } from '../providers/cardiomood/api-client';
import { TokenRefused } from '../providers/cardiomood/oauth';
import { markRevoked } from './access-token';
import { cardiomoodSession, loadConnection } from './cardiomood-session';
import { fetchDays, noDaysFetched } from './fetch-days';
import { localDates } from './local-dates';
import { normalizeDays } from './normalize-days';
import { endedSinceLastPoll, hasSpareBudget, nextPollDelayMs } from './poll-policy';
import { callsLastMinute } from './rate-budget';

export type SyncOutcome =
  | { status: 'synced'; changedDays: string[]; changedPayloads: number; broken: number }
  | { status: 'skipped'; reason: string }
  | { status: 'revoked' }
  | { status: 'failed'; reason: string; retryInMs: number };

const failureBackoffMs = 5 * 60_000;

/**
 * One poll of one connection: fresh token, recent days fetched and kept verbatim, payloads made and
 * upserted, events written for what changed, and the next poll scheduled (`poll-policy.ts`). Every upstream failure
 * ends in a recorded, retried state (the days fetched before it are normalized); a refused refresh
 * deactivates the connection.
 */
export async function syncConnection(
  db: Db,
  connectionId: string,
  options: {
    now?: Date;
    maxBudgetWaitMs?: number;
    historyDays?: number;
    rawDays?: number;
    todaySamples?: boolean;
    /** How long one CardioMood call may take (20 s by default). */
    apiTimeoutMs?: number;
  } = {},
): Promise<SyncOutcome> {
  const now = options.now ?? new Date();
  const loaded = await loadConnection(db, connectionId);
  if (!loaded) return { status: 'skipped', reason: 'no such connection' };
  const { connection, integration, account } = loaded;
  if (connection.status !== 'active') return { status: 'skipped', reason: 'connection inactive' };
  if (!integration.enabled) return { status: 'skipped', reason: 'CardioMood disabled' };

  const ctx: Ctx = { db, account, actor: { kind: 'system', name: 'sync' } };
  const { maxBudgetWaitMs, apiTimeoutMs } = options;
  const cardiomood = cardiomoodSession(ctx, loaded, { now, maxBudgetWaitMs, apiTimeoutMs });
  const schedule = (fields: Partial<typeof connections.$inferInsert>) =>
    db
      .update(connections)
      .set(fields)
      .where(and(eq(connections.accountId, account.id), eq(connections.id, connection.id)));
  const dates = localDates(now, connection.utcOffsetMinutes ?? 0, options.historyDays ?? integration.lookbackDays);
  const lastPollDay = connection.lastPollAt
    ? (localDates(connection.lastPollAt, connection.utcOffsetMinutes ?? 0, 0)[0] ?? null)
    : null;

  const fetched = noDaysFetched();
  let failure: unknown;
  try {
    const spare =
      options.todaySamples ??
      hasSpareBudget(await callsLastMinute(db, cardiomood.budget.key), cardiomood.budget.perMinute);
    await cardiomood.call((api) =>
      fetchDays(ctx, api, connection.id, dates, fetched, {
        rawDays: options.rawDays,
        todaySamples: spare,
        endedDays: endedSinceLastPoll(dates, lastPollDay),
      }),
    );
  } catch (error) {
    failure = error;
  }
  // Days kept before a failure are normalized now: the next poll finds their answers unchanged.
  const changedDays = [...fetched.changed].sort();
  const normalized = await normalizeDays(ctx, connection, changedDays);
  const progress = {
    lastPollAt: now,
    utcOffsetMinutes: normalized.offset,
    ...(normalized.changedPayloads ? { lastDataAt: now } : {}),
  };
  if (failure === undefined) {
    const problems = [
      ...fetched.rejected.map((r) => r.error.message),
      ...normalized.broken.map((b) => `${b.date}: ${b.error}`),
    ];
    const delay = nextPollDelayMs(
      integration.pollIntervalMinutes,
      normalized.changedPayloads ? now : connection.lastDataAt,
      connection.createdAt,
      now,
    );
    await schedule({
      ...progress,
      nextPollAt: new Date(now.getTime() + delay),
      lastError: problems.length ? problems.join('; ').slice(0, 2000) : null,
    });
    return { status: 'synced', changedDays, changedPayloads: normalized.changedPayloads, broken: problems.length };
  }
  const error = failure;
  if (error instanceof TokenRefused && error.reason === 'invalid_grant') {
    await markRevoked(ctx, connection, error.message);
    return { status: 'revoked' };
  }
  const upstream = error instanceof ApiFailure || error instanceof TokenRefused;
  if (!upstream) throw error;
  const rateLimited = error.reason === 'rate_limited' || error.reason === 'budget';
  const retryInMs =
    error instanceof ApiFailure && error.retryAfterMs ? error.retryAfterMs : rateLimited ? 60_000 : failureBackoffMs;
  await schedule({
    ...progress,
    nextPollAt: new Date(now.getTime() + retryInMs),
    lastError: error.message.slice(0, 2000),
  });
  log.warn({ connection: connection.id, reason: error.reason }, 'sync failed; will retry');
  return { status: 'failed', reason: error.reason, retryInMs };
}
