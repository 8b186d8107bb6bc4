import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '@/db/client';

/**
 * Longer than a `deliveries` job can run (two rounds of 30 s attempts; pg-boss expires it at 75 s):
 * a delivery claimed by a worker that died is claimed again once that worker cannot be sending it.
 */
const queuedForSeconds = 80;

/**
 * Claims the deliveries to queue now and marks them queued: due, to an enabled destination, not
 * queued already, oldest first, at most `perDestination` a destination less what this process already
 * holds for it (`held`: destination id → count). Concurrent workers claim disjoint sets (SKIP LOCKED).
 */
export async function claimDueDeliveries(
  db: Db,
  {
    now,
    limit,
    perDestination,
    held = {},
  }: { now: Date; limit: number; perDestination: number; held?: Record<string, number> },
): Promise<{ id: string; destinationId: string }[]> {
  const at = now.toISOString();
  const result = await db.execute(sql`
    update deliveries d set queued_until = ${at}::timestamptz + make_interval(secs => ${queuedForSeconds})
    from (
      select due.id from destinations t
      cross join lateral (
        select x.id from deliveries x
        where x.destination_id = t.id and x.status in ('pending', 'retrying')
          and x.next_attempt_at <= ${at} and (x.queued_until is null or x.queued_until < ${at})
        order by x.next_attempt_at
        limit greatest(0, ${perDestination} - coalesce((${JSON.stringify(held)}::jsonb ->> t.id::text)::int, 0))
        for update skip locked
      ) due
      where t.status = 'enabled'
      limit ${limit}
    ) claimed
    where d.id = claimed.id
    returning d.id, d.destination_id as "destinationId"`);
  return rowsOf<{ id: string; destinationId: string }>(result);
}

/** Lets claimed deliveries go without an attempt, so that the next claim (any worker's) takes them. */
export async function releaseDeliveries(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`
    update deliveries set queued_until = null
    where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`);
}
