import { asc, eq } from 'drizzle-orm';
import { members, memberships } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';

export async function listMembers({ ctx }: { ctx: Ctx }) {
  authorize(ctx, 'account.read');
  return ctx.db
    .select({
      memberId: members.id,
      email: members.email,
      name: members.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(members, eq(members.id, memberships.memberId))
    .where(eq(memberships.accountId, ctx.account.id))
    .orderBy(asc(memberships.createdAt), asc(members.email));
}
