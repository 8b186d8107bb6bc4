import { and, eq } from 'drizzle-orm';
import { connections } from '@/db/schema';
import type { Db } from '@/db/client';
import type { Ctx } from '../context';
import { log } from '../log';
import { ApiFailure } from '../providers/cardiomood/api-client';
import { TokenRefused } from '../providers/cardiomood/oauth';
import { markRevoked } from './access-token';
import { cardiomoodSession, loadConnection } from './cardiomood-session';
import { fetchDays } from './fetch-days';
import { localDates } from './local-dates';
import { normalizeDays } from './normalize-days';

export type SyncOutcome =
  | { status: 'synced'; changedDays: string[]; changedPayloads: number; broken: number }
  | { status: 'skipped'; reason: string }
  | { status: 'revoked' }
  | { status: 'failed'; reason: string; retryInMs: number };

const failureBackoffMs = 5 * 60_000;

/**
 * One poll of one connection: fresh token, recent days fetched and kept verbatim, payloads made and
 * upserted, events written for what changed, and the next poll scheduled. Every upstream failure
 * ends in a recorded, retried state; a refused refresh deactivates the connection.
 */
export async function syncConnection(
  db: Db,
  connectionId: string,
  options: { now?: Date; maxBudgetWaitMs?: number; historyDays?: number; rawDays?: number } = {},
): Promise<SyncOutcome> {
  const now = options.now ?? new Date();
  const loaded = await loadConnection(db, connectionId);
  if (!loaded) return { status: 'skipped', reason: 'no such connection' };
  const { connection, integration, account } = loaded;
  if (connection.status !== 'active') return { status: 'skipped', reason: 'connection inactive' };
  if (!integration.enabled) return { status: 'skipped', reason: 'CardioMood disabled' };

  const ctx: Ctx = { db, account, actor: { kind: 'system', name: 'sync' } };
  const cardiomood = cardiomoodSession(ctx, loaded, { now, maxBudgetWaitMs: options.maxBudgetWaitMs });
  const schedule = (fields: Partial<typeof connections.$inferInsert>) =>
    db
      .update(connections)
      .set(fields)
      .where(and(eq(connections.accountId, account.id), eq(connections.id, connection.id)));
  const dates = localDates(now, connection.utcOffsetMinutes ?? 0, options.historyDays ?? integration.lookbackDays);

  try {
    const fetched = await cardiomood.call((api) =>
      fetchDays(ctx, api, connection.id, dates, { rawDays: options.rawDays }),
    );
    const normalized = await normalizeDays(ctx, connection, fetched.changed);
    const problems = [...fetched.rejected.map((r) => r.error.message), ...normalized.broken.map((b) => b.error)];
    await schedule({
      lastPollAt: now,
      nextPollAt: new Date(now.getTime() + integration.pollIntervalMinutes * 60_000),
      lastError: problems.length ? problems.join('; ').slice(0, 2000) : null,
      utcOffsetMinutes: normalized.offset,
      ...(normalized.changedPayloads ? { lastDataAt: now } : {}),
    });
    return {
      status: 'synced',
      changedDays: fetched.changed,
      changedPayloads: normalized.changedPayloads,
      broken: problems.length,
    };
  } catch (error) {
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
      lastPollAt: now,
      nextPollAt: new Date(now.getTime() + retryInMs),
      lastError: error.message.slice(0, 2000),
    });
    log.warn({ connection: connection.id, reason: error.reason }, 'sync failed; will retry');
    return { status: 'failed', reason: error.reason, retryInMs };
  }
}
