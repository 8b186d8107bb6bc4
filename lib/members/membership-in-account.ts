import { and, eq } from 'drizzle-orm';
import { members, memberships } from '@/db/schema';
import type { Ctx } from '../context';
import { NotFound } from '../errors';

/** A membership of the context's account, locked for update, or NotFound. */
export async function getMembershipInAccount(ctx: Ctx, memberId: string) {
  const [row] = await ctx.db
    .select({ memberId: memberships.memberId, role: memberships.role, email: members.email })
    .from(memberships)
    .innerJoin(members, eq(members.id, memberships.memberId))
    .where(and(eq(memberships.accountId, ctx.account.id), eq(memberships.memberId, memberId)))
    .for('update', { of: memberships });
  if (!row) throw NotFound('No such member in this account.');
  return row;
}

/** Number of owners of the context's account, with their rows locked so that two removals cannot race. */
export async function countOwners(ctx: Ctx): Promise<number> {
  const rows = await ctx.db
    .select({ memberId: memberships.memberId })
    .from(memberships)
    .where(and(eq(memberships.accountId, ctx.account.id), eq(memberships.role, 'owner')))
    .for('update');
  return rows.length;
}
