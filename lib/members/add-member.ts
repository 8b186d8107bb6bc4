import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { members, memberships } from '@/db/schema';
import { hashPassword } from '../auth/passwords';
import { authorize, roles } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { type Ctx, withTransaction } from '../context';
import { Conflict, Invalid } from '../errors';
import { Email, Password, parseInput } from '../validation';

const Input = z.object({
  email: Email,
  role: z.enum(roles, { message: 'Choose a role: owner, developer, support or viewer.' }),
  initialPassword: Password.optional(),
});

/**
 * Adds a member to the account. A new email gets the initial password the owner sets; an email
 * that already signs in elsewhere keeps its own password.
 */
export async function addMember({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'team.manage');
  const { email, role, initialPassword } = parseInput(Input, input);
  return withTransaction(ctx, async (tx) => {
    const [existing] = await tx.db
      .select({ id: members.id })
      .from(members)
      .where(eq(sql`lower(${members.email})`, email));
    if (existing) {
      const [already] = await tx.db
        .select()
        .from(memberships)
        .where(and(eq(memberships.accountId, ctx.account.id), eq(memberships.memberId, existing.id)));
      if (already) throw Conflict(`${email} is already a member of this account.`);
    } else if (!initialPassword) {
      throw Invalid('Set an initial password for a new member.', { field: 'initialPassword' });
    }
    const memberId =
      existing?.id ??
      (
        await tx.db
          .insert(members)
          .values({ email, passwordHash: await hashPassword(initialPassword as string) })
          .returning({ id: members.id })
      )[0]?.id;
    if (!memberId) throw new Error('member insert returned nothing');
    await tx.db.insert(memberships).values({ accountId: ctx.account.id, memberId, role });
    await recordAudit(tx, { action: 'member.added', targetType: 'member', targetId: memberId, after: { email, role } });
    return { memberId, email, role, existingMember: Boolean(existing) };
  });
}
