import { z } from 'zod';
import { authorize } from '../auth/roles';
import type { MemberCtx } from '../context';
import { NotFound } from '../errors';
import { parseInput } from '../validation';
import { listMemberAccounts } from './member-accounts';

const notMember = 'You are not a member of that account.';
const Input = z.object({ accountId: z.string({ message: notMember }).max(100, { message: notMember }) });

/**
 * The account the signed-in member switches to, read again from their memberships: an account they
 * do not belong to (another tenant's, or one they were removed from) is not found.
 */
export async function chooseAccount({ ctx, input }: { ctx: MemberCtx; input: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { accountId } = parseInput(Input, input);
  const target = (await listMemberAccounts(ctx.db, ctx.actor.memberId)).find((account) => account.id === accountId);
  if (!target) throw NotFound(notMember);
  return { accountId: target.id, devId: target.devId, name: target.name, role: target.role };
}
