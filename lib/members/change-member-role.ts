import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { memberships } from '@/db/schema';
import { authorize, roles } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { type Ctx, withTransaction } from '../context';
import { Conflict } from '../errors';
import { parseInput } from '../validation';
import { countOwners, getMembershipInAccount } from './membership-in-account';

const Input = z.object({
  memberId: z.uuid({ message: 'Unknown member.' }),
  role: z.enum(roles, { message: 'Choose a role: owner, developer, support or viewer.' }),
});

export async function changeMemberRole({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'team.manage');
  const { memberId, role } = parseInput(Input, input);
  return withTransaction(ctx, async (tx) => {
    const member = await getMembershipInAccount(tx, memberId);
    if (member.role === role) return member;
    if (member.role === 'owner' && (await countOwners(tx)) <= 1) {
      throw Conflict('The last owner cannot be given another role; make someone else owner first.');
    }
    await tx.db
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.accountId, ctx.account.id), eq(memberships.memberId, memberId)));
    await recordAudit(tx, {
      action: 'member.role_changed',
      targetType: 'member',
      targetId: memberId,
      before: { email: member.email, role: member.role },
      after: { email: member.email, role },
    });
    return { ...member, role };
  });
}
