import { and, eq } from 'drizzle-orm';
import { connections } from '@/db/schema';
import type { Ctx } from '../context';
import { NotFound } from '../errors';

/** The account's connection with this Terra user id, or NotFound: another account's user looks the same as none. */
export async function getConnectionInAccount(ctx: Ctx, userId: string) {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId);
  const [row] = uuid
    ? await ctx.db
        .select()
        .from(connections)
        .where(and(eq(connections.accountId, ctx.account.id), eq(connections.id, userId)))
    : [];
  if (!row) throw NotFound('User not found');
  return row;
}
