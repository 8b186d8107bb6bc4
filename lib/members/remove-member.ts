import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { memberships } from '@/db/schema';
import { authorize } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { type Ctx, withTransaction } from '../context';
import { Conflict } from '../errors';
import { parseInput } from '../validation';
import { countOwners, getMembershipInAccount } from './membership-in-account';

const Input = z.object({ memberId: z.uuid({ message: 'Unknown member.' }) });

/** Removes a member from this account (their sign-in and other accounts stay). */
export async function removeMember({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'team.manage');
  const { memberId } = parseInput(Input, input);
  return withTransaction(ctx, async (tx) => {
    const member = await getMembershipInAccount(tx, memberId);
    if (member.role === 'owner' && (await countOwners(tx)) <= 1) {
      throw Conflict('The last owner cannot be removed.');
    }
    await tx.db
      .delete(memberships)
      .where(and(eq(memberships.accountId, ctx.account.id), eq(memberships.memberId, memberId)));
    await recordAudit(tx, {
      action: 'member.removed',
      targetType: 'member',
      targetId: memberId,
      before: { email: member.email, role: member.role },
    });
    return { memberId };
  });
}
