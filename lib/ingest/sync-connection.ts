import { and, eq } from 'drizzle-orm';
import { accounts, connections, integrations } from '@/db/schema';
import type { Db } from '@/db/client';
import type { Ctx } from '../context';
import { log } from '../log';
import { ApiFailure, cardiomoodApi } from '../providers/cardiomood/api-client';
import { TokenRefused } from '../providers/cardiomood/oauth';
import { accessToken, markRevoked, reportConnectionError } from './access-token';
import { fetchDays } from './fetch-days';
import { localDates } from './local-dates';
import { normalizeDays } from './normalize-days';
import { blockBudget, takeCall } from './rate-budget';

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
  const [loaded] = await db
    .select({
      connection: connections,
      integration: integrations,
      account: { id: accounts.id, devId: accounts.devId, name: accounts.name },
    })
    .from(connections)
    .innerJoin(accounts, eq(accounts.id, connections.accountId))
    .innerJoin(
      integrations,
      and(eq(integrations.accountId, connections.accountId), eq(integrations.provider, connections.provider)),
    )
    .where(eq(connections.id, connectionId));
  if (!loaded) return { status: 'skipped', reason: 'no such connection' };
  const { connection, integration, account } = loaded;
  if (connection.status !== 'active') return { status: 'skipped', reason: 'connection inactive' };
  if (!integration.enabled) return { status: 'skipped', reason: 'CardioMood disabled' };

  const ctx: Ctx = { db, account, actor: { kind: 'system', name: 'sync' } };
  const budget = { key: `cardiomood:${integration.clientId}`, perMinute: integration.rateLimitPerMinute };
  const beforeCall = async () => {
    for (;;) {
      const wait = await takeCall(db, budget);
      if (wait === 0) return;
      if (wait > (options.maxBudgetWaitMs ?? 20_000)) throw new ApiFailure('budget', 'rate budget spent', wait);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
  const schedule = (fields: Partial<typeof connections.$inferInsert>) =>
    db
      .update(connections)
      .set(fields)
      .where(and(eq(connections.accountId, account.id), eq(connections.id, connection.id)));
  const dates = localDates(now, connection.utcOffsetMinutes ?? 0, options.historyDays ?? integration.lookbackDays);

  try {
    const fetchWith = async (force: boolean) => {
      const token = await accessToken(ctx, connection, integration, { force, now, beforeCall });
      return fetchDays(
        ctx,
        cardiomoodApi({ apiBaseUrl: integration.apiBaseUrl, accessToken: token, beforeCall }),
        connection.id,
        dates,
        { rawDays: options.rawDays },
      );
    };
    let fetched: Awaited<ReturnType<typeof fetchDays>>;
    try {
      fetched = await fetchWith(false);
    } catch (error) {
      if (!(error instanceof ApiFailure && error.reason === 'unauthorized')) throw error;
      try {
        fetched = await fetchWith(true); // one refresh, then give up for this poll
      } catch (retry) {
        if (retry instanceof ApiFailure && retry.reason === 'unauthorized')
          await reportConnectionError(ctx, connection, retry.message);
        throw retry;
      }
    }
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
    if (error.reason === 'rate_limited') await blockBudget(db, budget);
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
