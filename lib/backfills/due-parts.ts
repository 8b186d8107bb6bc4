import { and, asc, count, gt, inArray, lt, lte, or, eq } from 'drizzle-orm';
import { backfillParts } from '@/db/schema';
import type { Db } from '@/db/client';
import { partLeaseMs } from './run-part';

/**
 * Claims the parts due to run, oldest first, up to `maxInFlight` at once across every worker: pending
 * parts whose time has come, and queued or running ones whose lease passed (their worker died).
 * Each claimed part gets a fresh lease; the caller queues one pg-boss job per returned id.
 */
export async function claimDueParts(db: Db, now: Date, maxInFlight: number): Promise<string[]> {
  const [inFlight] = await db
    .select({ n: count() })
    .from(backfillParts)
    .where(and(inArray(backfillParts.status, ['queued', 'running']), gt(backfillParts.leaseUntil, now)));
  const room = maxInFlight - (inFlight?.n ?? 0);
  if (room <= 0) return [];
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: backfillParts.id })
      .from(backfillParts)
      .where(
        or(
          and(eq(backfillParts.status, 'pending'), lte(backfillParts.nextAttemptAt, now)),
          and(inArray(backfillParts.status, ['queued', 'running']), lt(backfillParts.leaseUntil, now)),
        ),
      )
      .orderBy(asc(backfillParts.nextAttemptAt), asc(backfillParts.startDay))
      .limit(room)
      .for('update', { skipLocked: true });
    if (!due.length) return [];
    const ids = due.map((d) => d.id);
    await tx
      .update(backfillParts)
      .set({ status: 'queued', leaseUntil: new Date(now.getTime() + partLeaseMs), updatedAt: now })
      .where(inArray(backfillParts.id, ids));
    return ids;
  });
}
