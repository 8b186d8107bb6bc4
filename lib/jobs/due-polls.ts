import { and, desc, eq, lte, sql } from 'drizzle-orm';
import { connections, integrations } from '@/db/schema';
import type { Db } from '@/db/client';

/**
 * Active connections whose next poll is due, recently active users first (their data changes),
 * then those waiting longest. `limit` keeps one tick from flooding the queue.
 */
export async function duePolls(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: connections.id })
    .from(connections)
    .innerJoin(
      integrations,
      and(eq(integrations.accountId, connections.accountId), eq(integrations.provider, connections.provider)),
    )
    .where(and(eq(connections.status, 'active'), eq(integrations.enabled, true), lte(connections.nextPollAt, now)))
    .orderBy(desc(sql`coalesce(${connections.lastDataAt}, ${connections.createdAt})`), connections.nextPollAt)
    .limit(limit);
  return rows.map((r) => r.id);
}
