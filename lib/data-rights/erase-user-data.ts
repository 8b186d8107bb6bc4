import { type SQL, sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import {
  backfillParts,
  backfills,
  connections,
  dataRequestUsage,
  events,
  inboxMessages,
  oauthStates,
  payloads,
  rawRecords,
  widgetSessions,
} from '@/db/schema';
import type { Ctx } from '../context';
import { backfillQueue } from '../jobs/backfill-queue';
import { bossSchema, queues } from '../jobs/boss';
import { theirEvents, unsharedReference } from './their-rows';

type Connection = typeof connections.$inferSelect;

/** Rows deleted per table: what the deauthentication's audit entry records. */
export type ErasedCounts = Record<string, number>;

/**
 * Deletes everything stored about one user of the account, in the caller's transaction: their events
 * (deliveries and attempts cascade) and the inbox's copies of them, backfills and data requests, connect
 * attempts, queued polls, then the connection (tokens, raw records and payloads cascade).
 * Kept: `keepEventId` (the deauth event, purged once delivered: purge-deauth-events.ts) and the audit log.
 */
export async function eraseUserData(ctx: Ctx, connection: Connection, keepEventId: string): Promise<ErasedCounts> {
  const account = ctx.account.id;
  const user = connection.id;
  const reference = await unsharedReference(ctx, connection);
  const erasable = sql`${theirEvents(ctx, user, reference)} and ${events.id} <> ${keepEventId}`;
  const count = async (statement: SQL) => rowsOf<{ n: number }>(await ctx.db.execute(statement))[0]?.n ?? 0;
  const deleted = (statement: SQL) => deleteCounted(ctx, statement);
  const erased: ErasedCounts = { jobs: await eraseJobs(ctx, user) };

  erased.inbox_messages = await deleted(sql`
    delete from ${inboxMessages} m using ${events}
    where m.account_id = ${account} and ${erasable} and m.headers ->> 'webhook-id' = ${events.traceId}`);
  erased.events = await deleted(sql`delete from ${events} where ${erasable}`);
  erased.backfills = await deleted(sql`delete from ${backfills} where account_id = ${account} and user_id = ${user}`);
  erased.backfill_parts = await eraseAllUsersParts(ctx, user);
  erased.data_request_usage = await deleted(
    sql`delete from ${dataRequestUsage} where account_id = ${account} and user_id = ${user}`,
  );
  erased.oauth_states = await deleted(sql`
    delete from ${oauthStates} where account_id = ${account}
      and (user_id = ${user} or (${reference}::text is not null and reference_id = ${reference}))`);
  erased.widget_sessions = reference
    ? await deleted(sql`delete from ${widgetSessions} where account_id = ${account} and reference_id = ${reference}`)
    : 0;
  erased.raw_records = await count(sql`select count(*)::int as n from ${rawRecords} where user_id = ${user}`);
  erased.payloads = await count(sql`select count(*)::int as n from ${payloads} where user_id = ${user}`);
  await ctx.db.execute(sql`delete from ${connections} where account_id = ${account} and id = ${user}`);
  return erased;
}

/**
 * The user's months in backfills of all users: deleted, and each backfill's counts lowered to match, so
 * that it still finishes (at once, when theirs were the last parts left).
 */
async function eraseAllUsersParts(ctx: Ctx, user: string): Promise<number> {
  const result = await ctx.db.execute(sql`
    with gone as (
      delete from ${backfillParts} where account_id = ${ctx.account.id} and user_id = ${user}
      returning backfill_id, status),
    per as (
      select backfill_id, count(*)::int as total, (count(*) filter (where status in ('done', 'failed')))::int as finished
      from gone group by backfill_id),
    adjusted as (
      update ${backfills} b set
        parts_total = b.parts_total - per.total,
        parts_done = greatest(0, b.parts_done - per.finished),
        status = case when b.status in ('queued', 'running') and b.parts_done - per.finished >= b.parts_total - per.total
          then 'done' else b.status end,
        finished_at = case when b.status in ('queued', 'running') and b.parts_done - per.finished >= b.parts_total - per.total
          then now() else b.finished_at end
      from per where b.id = per.backfill_id and b.account_id = ${ctx.account.id})
    select coalesce(sum(total), 0)::int as n from per`);
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}

/**
 * pg-boss's jobs naming the user (their polls) or one of their backfill months, queued or kept after
 * running, when pg-boss has its tables in this database. Delivery jobs name only delivery ids.
 */
async function eraseJobs(ctx: Ctx, user: string): Promise<number> {
  let erased = 0;
  for (const table of ['job', 'archive']) {
    const name = `${bossSchema}.${table}`;
    const present = rowsOf<{ present: boolean }>(
      await ctx.db.execute(sql`select to_regclass(${name}) is not null as present`),
    );
    if (!present[0]?.present) continue;
    erased += await deleteCounted(
      ctx,
      sql`
        delete from ${sql.raw(name)} j
        where (j.name = ${queues.syncConnection} and (j.data ->> 'connectionId' = ${user} or j.singleton_key = ${user}))
          or (j.name = ${backfillQueue} and j.data ->> 'partId' in (
            select id::text from ${backfillParts} where account_id = ${ctx.account.id} and user_id = ${user}))`,
    );
  }
  return erased;
}

/** Runs a `delete` and counts the rows it took. */
async function deleteCounted(ctx: Ctx, statement: SQL): Promise<number> {
  const result = await ctx.db.execute(sql`with gone as (${statement} returning 1) select count(*)::int as n from gone`);
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}
