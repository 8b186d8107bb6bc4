import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { dataRequestUsage } from '@/db/schema';
import type { Ctx } from '../context';
import { HeartbridgeError } from '../errors';

/** Terra's per-user limits on the data endpoints (docs: health-and-fitness-api/rate-limits). */
export const r1MaxDays = 1825;
export const r2MaxDays = 6000;
const windowMs = 3_600_000;

/** What `X-Terra-RateLimit-*` reports for one user after a request. */
export interface UsageState {
  limit: number;
  remaining: number;
  resetAfterSeconds: number;
}

export function rateLimitHeaders(state: UsageState): Record<string, string> {
  return {
    'x-terra-ratelimit-limit': String(state.limit),
    'x-terra-ratelimit-remaining': String(state.remaining),
    'x-terra-ratelimit-reset-after': String(state.resetAfterSeconds),
  };
}

/** A data request refused by r1 or r2: a 429 with the rule, `Retry-After` (r2) and the usage headers. */
export class UserRateLimited extends HeartbridgeError {
  constructor(
    readonly rule: 'r1' | 'r2',
    message: string,
    readonly usage: UsageState,
    readonly retryAfterSeconds?: number,
  ) {
    super('rate_limited', message, { rule, retryAfterSeconds });
  }
}

/**
 * Checks r1 (one request over more than 1,825 days) and r2 (more than 6,000 days requested for one
 * user in a rolling hour), then records the request's days. Runs in the caller's transaction, with a
 * lock per user so that concurrent requests cannot both slip under r2. A refused request writes nothing.
 */
export async function chargeUserDays(ctx: Ctx, userId: string, days: number, now = new Date()): Promise<UsageState> {
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`data-request:${userId}`}))`);
  const since = new Date(now.getTime() - windowMs);
  const recent = await ctx.db
    .select({ days: dataRequestUsage.days, at: dataRequestUsage.at })
    .from(dataRequestUsage)
    .where(
      and(
        eq(dataRequestUsage.accountId, ctx.account.id),
        eq(dataRequestUsage.userId, userId),
        gt(dataRequestUsage.at, since),
      ),
    )
    .orderBy(asc(dataRequestUsage.at));
  const used = recent.reduce((total, row) => total + row.days, 0);
  const resetAfter = (at: Date | undefined) =>
    at ? Math.max(1, Math.ceil((at.getTime() + windowMs - now.getTime()) / 1000)) : 0;
  const before: UsageState = {
    limit: r2MaxDays,
    remaining: Math.max(0, r2MaxDays - used),
    resetAfterSeconds: resetAfter(recent[0]?.at),
  };
  if (days > r1MaxDays) {
    throw new UserRateLimited(
      'r1',
      `Rate limit exceeded (r1): a request may span at most ${r1MaxDays} days; this one spans ${days}.`,
      before,
    );
  }
  if (used + days > r2MaxDays) {
    // Wait until enough of the hour's requests have aged out for this one to fit.
    let freed = 0;
    let until = recent[0]?.at;
    for (const row of recent) {
      freed += row.days;
      until = row.at;
      if (used - freed + days <= r2MaxDays) break;
    }
    throw new UserRateLimited(
      'r2',
      `Rate limit exceeded (r2): at most ${r2MaxDays} days of data may be requested for one user per hour; ${used} were requested in the last hour.`,
      before,
      resetAfter(until),
    );
  }
  // Rows older than the hour are never read again; clearing them now and then is enough.
  if (Math.random() < 0.05) {
    await ctx.db
      .delete(dataRequestUsage)
      .where(
        and(
          eq(dataRequestUsage.accountId, ctx.account.id),
          eq(dataRequestUsage.userId, userId),
          lte(dataRequestUsage.at, since),
        ),
      );
  }
  await ctx.db.insert(dataRequestUsage).values({ accountId: ctx.account.id, userId, days, at: now });
  return {
    limit: r2MaxDays,
    remaining: Math.max(0, r2MaxDays - used - days),
    resetAfterSeconds: resetAfter(recent[0]?.at ?? now),
  };
}
