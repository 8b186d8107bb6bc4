import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '@/db/client';
import { connections, deliveries, events, inboxMessages } from '@/db/schema';

/** A deauth event still not delivered this long after (its destination disabled, say) goes anyway. */
export const deauthRetentionMs = 30 * 86_400_000;

/**
 * Deletes the deauth events of users no longer connected once every delivery of theirs is final
 * (delivered or dead; none at all counts too), or once they are 30 days old: with them go their
 * deliveries, attempts and the inbox's copies. `eventIds` limits it to those (the delivery path).
 */
export async function purgeDeauthEvents(db: Db, options: { eventIds?: string[]; now?: Date } = {}): Promise<number> {
  if (options.eventIds?.length === 0) return 0;
  const cutoff = new Date((options.now ?? new Date()).getTime() - deauthRetentionMs).toISOString();
  const only = options.eventIds ? sql`and e.id = any(${`{${options.eventIds.join(',')}}`}::uuid[])` : sql``;
  const result = await db.execute(sql`
    with purged as (
      delete from ${events} e
      where e.type = 'deauth' and e.user_id is not null ${only}
        and not exists (select 1 from ${connections} c where c.id = e.user_id)
        and (e.created_at < ${cutoff}::timestamptz or not exists (
          select 1 from ${deliveries} d where d.event_id = e.id and d.status in ('pending', 'retrying')))
      returning e.account_id, e.trace_id),
    copies as (
      delete from ${inboxMessages} m using purged p
      where m.account_id = p.account_id and m.headers ->> 'webhook-id' = p.trace_id)
    select count(*)::int as n from purged`);
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}
