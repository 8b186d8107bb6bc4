import { and, eq, sql } from 'drizzle-orm';
import { rateBudgetMinutes, rateBudgets } from '@/db/schema';
import type { Db } from '@/db/client';
import { bucketShape } from './poll-policy';

export interface Budget {
  /** The provider client app, e.g. `cardiomood:<client id>`. */
  key: string;
  perMinute: number;
}

/**
 * Takes one call from the shared bucket (shaped by `bucketShape`), in one statement so that
 * concurrent workers never overspend. Returns 0 when the call may go, else the milliseconds to wait.
 */
export async function takeCall(db: Db, budget: Budget, now = new Date()): Promise<number> {
  const { capacity, refillPerMs: rate } = bucketShape(budget.perMinute);
  const refilled = sql`least(${capacity}::float8, ${rateBudgets.tokens} + extract(epoch from (${now}::timestamptz - ${rateBudgets.updatedAt})) * 1000 * ${rate})`;
  const result = await db
    .insert(rateBudgets)
    .values({ key: budget.key, tokens: capacity - 1, updatedAt: now })
    .onConflictDoUpdate({
      target: rateBudgets.key,
      set: { tokens: sql`${refilled} - 1`, updatedAt: now },
      setWhere: sql`${refilled} >= 1 and coalesce(${rateBudgets.blockedUntil} <= ${now}::timestamptz, true)`,
    })
    .returning({ tokens: rateBudgets.tokens });
  if (result.length > 0) {
    await countCall(db, budget.key, now);
    return 0;
  }
  const [row] = await db.select().from(rateBudgets).where(sql`${rateBudgets.key} = ${budget.key}`);
  if (!row) return 1000;
  const blocked = (row.blockedUntil?.getTime() ?? 0) - now.getTime();
  const refillWait = Math.ceil((1 - row.tokens) / rate - (now.getTime() - row.updatedAt.getTime()));
  return Math.max(1, blocked, refillWait);
}

/** After a 429 from the provider: nobody calls for a while, and the bucket starts empty. */
export async function blockBudget(db: Db, budget: Budget, forMs = 60_000, now = new Date()): Promise<void> {
  const until = new Date(now.getTime() + forMs);
  await db
    .insert(rateBudgets)
    .values({ key: budget.key, tokens: 0, updatedAt: now, blockedUntil: until })
    .onConflictDoUpdate({ target: rateBudgets.key, set: { tokens: 0, updatedAt: now, blockedUntil: until } });
}

/** One more call in this minute's count (kept 7 days; see `forgetOldMinutes`). */
async function countCall(db: Db, key: string, now: Date): Promise<void> {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  await db
    .insert(rateBudgetMinutes)
    .values({ key, minute, calls: 1 })
    .onConflictDoUpdate({
      target: [rateBudgetMinutes.key, rateBudgetMinutes.minute],
      set: { calls: sql`${rateBudgetMinutes.calls} + 1` },
    });
}

/** The calls counted in the clock minute before `now`'s. */
export async function callsLastMinute(db: Db, key: string, now = new Date()): Promise<number> {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 60_000);
  const [row] = await db
    .select({ calls: rateBudgetMinutes.calls })
    .from(rateBudgetMinutes)
    .where(and(eq(rateBudgetMinutes.key, key), eq(rateBudgetMinutes.minute, minute)));
  return row?.calls ?? 0;
}

/** Drops per-minute counts older than a week. */
export async function forgetOldMinutes(db: Db, now = new Date()): Promise<void> {
  await db
    .delete(rateBudgetMinutes)
    .where(sql`${rateBudgetMinutes.minute} < ${new Date(now.getTime() - 7 * 86_400_000)}`);
}
