import { and, eq, gte } from 'drizzle-orm';
import { rateBudgetMinutes, rateBudgets } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { findCardiomood } from '../integrations/get-integration';

/** CardioMood calls per minute over the last hour for the account's client app, against its limit. */
export async function rateBudgetUse({ ctx, now = new Date() }: { ctx: Ctx; now?: Date }) {
  authorize(ctx, 'account.read');
  const integration = await findCardiomood(ctx);
  if (!integration?.clientId) return null;
  const key = `cardiomood:${integration.clientId}`;
  const firstMinute = Math.floor(now.getTime() / 60_000) * 60_000 - 59 * 60_000;
  const [counted, [bucket]] = await Promise.all([
    ctx.db
      .select({ minute: rateBudgetMinutes.minute, calls: rateBudgetMinutes.calls })
      .from(rateBudgetMinutes)
      .where(and(eq(rateBudgetMinutes.key, key), gte(rateBudgetMinutes.minute, new Date(firstMinute)))),
    ctx.db.select({ blockedUntil: rateBudgets.blockedUntil }).from(rateBudgets).where(eq(rateBudgets.key, key)),
  ]);
  const calls = new Map(counted.map((r) => [r.minute.getTime(), r.calls]));
  const series = Array.from({ length: 60 }, (_, i) => {
    const minute = firstMinute + i * 60_000;
    return { minute: new Date(minute).toISOString().slice(11, 16), calls: calls.get(minute) ?? 0 };
  });
  const lastHour = series.reduce((n, m) => n + m.calls, 0);
  const busiest = Math.max(0, ...series.map((m) => m.calls));
  return {
    limitPerMinute: integration.rateLimitPerMinute,
    series,
    lastHour,
    busiestMinuteShare: busiest / integration.rateLimitPerMinute,
    blockedUntil: bucket?.blockedUntil && bucket.blockedUntil > now ? bucket.blockedUntil : null,
  };
}
