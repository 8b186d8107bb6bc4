import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { connections, events } from '@/db/schema';
import type { Ctx } from '../context';

type Connection = typeof connections.$inferSelect;

/**
 * The user's reference id, unless another connection of the account shares it: rows keyed only by a
 * reference (connect attempts, `auth_cancelled` events) are then not theirs alone.
 */
export async function unsharedReference(ctx: Ctx, connection: Connection): Promise<string | null> {
  if (!connection.referenceId) return null;
  const others = await ctx.db.execute(sql`
    select 1 from ${connections}
    where account_id = ${ctx.account.id} and reference_id = ${connection.referenceId} and id <> ${connection.id}
    limit 1`);
  return rowsOf(others).length ? null : connection.referenceId;
}

/**
 * Which events are the user's, as a condition on `events`: theirs by user id, and those without a user
 * that name their (unshared) reference id, a cancelled connect attempt (`auth_cancelled`). Erased and exported alike.
 */
export function theirEvents(ctx: Ctx, user: string, reference: string | null) {
  return sql`${events.accountId} = ${ctx.account.id} and (${events.userId} = ${user}
    or (${reference}::text is not null and ${events.userId} is null and ${events.body} ->> 'reference_id' = ${reference}))`;
}
