import { inArray, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '@/db/client';
import { deliveries } from '@/db/schema';
import { deliverOne } from '../delivery/deliver';

/**
 * What identifies a user's rows: their user id, reference id and CardioMood account id, and the ids of
 * every row stored for them (events and their trace ids, deliveries, attempts, payloads, raw records,
 * backfills and parts, widget sessions), so that a row left behind by a missing cascade is seen too.
 */
export async function userNeedles(db: Db, userId: string) {
  const result = await db.execute(sql`
    with c as (select * from connections where id = ${userId}),
    e as (select ev.id, ev.trace_id from events ev, c
          where ev.user_id = c.id or (ev.user_id is null and ev.body ->> 'reference_id' = c.reference_id)),
    d as (select id from deliveries where event_id in (select id from e))
    select id::text from c union select reference_id from c union select provider_user_id from c
    union select id::text from e union select trace_id from e union select id::text from d
    union select id::text from delivery_attempts where delivery_id in (select id from d)
    union select id::text from payloads where user_id = ${userId}
    union select id::text from raw_records where user_id = ${userId}
    union select id::text from backfills where user_id = ${userId}
    union select id::text from backfill_parts where user_id = ${userId}
    union select id::text from widget_sessions where reference_id = (select reference_id from c)`);
  return rowsOf<{ id: string | null }>(result).flatMap((r) => (r.id ? [r.id] : []));
}

/**
 * Every pending delivery attempted until it settles, as the dispatcher would (the receivers answer 200;
 * a kept-alive connection the receiver closed meanwhile fails once). How many there were.
 */
export async function deliverPending(db: Db) {
  const due = await db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(inArray(deliveries.status, ['pending', 'retrying']));
  for (const { id } of due) {
    for (let attempt = 0; attempt < 3 && (await deliverOne(db, id)).status === 'retrying'; attempt++);
  }
  return due.length;
}
