import { and, eq } from 'drizzle-orm';
import { accounts, connections, integrations } from '@/db/schema';
import type { Db } from '@/db/client';
import type { Ctx } from '../context';
import { ApiFailure, type CardiomoodApi, cardiomoodApi } from '../providers/cardiomood/api-client';
import { TokenRefused } from '../providers/cardiomood/oauth';
import { accessToken, reportConnectionError } from './access-token';
import { blockBudget, takeCall } from './rate-budget';

/** A connection with its account and integration, as a job loads it (no account in hand yet). */
export async function loadConnection(db: Db, connectionId: string) {
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
  return loaded ?? null;
}

export type LoadedConnection = NonNullable<Awaited<ReturnType<typeof loadConnection>>>;

/**
 * Calls to CardioMood for one connection, every call inside the budget shared by all workers (waiting
 * up to `maxBudgetWaitMs` for a slot), with one token refresh when CardioMood answers 401. A 429
 * holds every caller of the client app back for a minute.
 */
export function cardiomoodSession(
  ctx: Ctx,
  { connection, integration }: LoadedConnection,
  options: { maxBudgetWaitMs?: number; now?: Date; apiTimeoutMs?: number } = {},
) {
  const budget = { key: `cardiomood:${integration.clientId}`, perMinute: integration.rateLimitPerMinute };
  const beforeCall = async () => {
    for (;;) {
      const wait = await takeCall(ctx.db, budget);
      if (wait === 0) return;
      if (wait > (options.maxBudgetWaitMs ?? 20_000)) throw new ApiFailure('budget', 'rate budget spent', wait);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
  // The tokens as last refreshed: a 401 after a refresh must refresh with the rotated refresh token.
  let current = connection;
  const withToken = async <T>(force: boolean, call: (api: CardiomoodApi) => Promise<T>) => {
    const fresh = await accessToken(ctx, current, integration, { force, now: options.now, beforeCall });
    current = fresh.connection;
    const { apiBaseUrl } = integration;
    const timeoutMs = options.apiTimeoutMs;
    return call(cardiomoodApi({ apiBaseUrl, accessToken: fresh.token, beforeCall, timeoutMs }));
  };
  return {
    budget,
    /** Runs `call` with a fresh token; after a 401, refreshes once and runs it again. */
    async call<T>(call: (api: CardiomoodApi) => Promise<T>): Promise<T> {
      try {
        try {
          return await withToken(false, call);
        } catch (error) {
          if (!(error instanceof ApiFailure && error.reason === 'unauthorized')) throw error;
          try {
            return await withToken(true, call);
          } catch (retry) {
            if (retry instanceof ApiFailure && retry.reason === 'unauthorized')
              await reportConnectionError(ctx, connection, retry.message);
            throw retry;
          }
        }
      } catch (error) {
        const upstream = error instanceof ApiFailure || error instanceof TokenRefused;
        if (upstream && error.reason === 'rate_limited') await blockBudget(ctx.db, budget);
        throw error;
      }
    },
  };
}
