import { and, eq, lte } from 'drizzle-orm';
import { connections, integrations } from '@/db/schema';
import type { Db } from '@/db/client';

/**
 * Active connections whose next poll is due, those waiting longest first, so that none starves when
 * the budget runs behind (idle users already wait longer: `nextPollDelayMs`). `limit` keeps one tick
 * from flooding the queue.
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
    .orderBy(connections.nextPollAt)
    .limit(limit);
  return rows.map((r) => r.id);
}
