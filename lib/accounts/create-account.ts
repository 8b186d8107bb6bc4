import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { accounts, members, memberships } from '@/db/schema';
import { hashPassword } from '../auth/passwords';
import { recordAudit } from '../audit/record-audit';
import { type BaseCtx, withTransaction } from '../context';
import { Email, Password, parseInput } from '../validation';

const Input = z.object({
  name: z.string().trim().min(1, { message: 'Give the account a name.' }).max(100),
  ownerEmail: Email,
  ownerPassword: Password,
});

/**
 * Creates a developer account with its first owner. An email that already has a member
 * joins as owner with its existing password; the given password is then ignored.
 */
export async function createAccount({ ctx, input }: { ctx: BaseCtx; input: z.input<typeof Input> }) {
  const { name, ownerEmail, ownerPassword } = parseInput(Input, input);
  const passwordHash = await hashPassword(ownerPassword);
  return withTransaction(ctx, async (tx) => {
    const [account] = await tx.db
      .insert(accounts)
      .values({ name, devId: newDevId(name) })
      .returning();
    if (!account) throw new Error('account insert returned nothing');
    const [existing] = await tx.db
      .select({ id: members.id })
      .from(members)
      .where(eq(sql`lower(${members.email})`, ownerEmail));
    const owner =
      existing ??
      (await tx.db.insert(members).values({ email: ownerEmail, passwordHash }).returning({ id: members.id }))[0];
    if (!owner) throw new Error('member insert returned nothing');
    await tx.db.insert(memberships).values({ accountId: account.id, memberId: owner.id, role: 'owner' });
    const accountCtx = { ...tx, account };
    await recordAudit(accountCtx, {
      action: 'account.created',
      targetType: 'account',
      targetId: account.id,
      after: { name, dev_id: account.devId, owner: ownerEmail },
    });
    return { account, ownerMemberId: owner.id, ownerCreated: !existing };
  });
}

/** Terra-style developer id: a slug of the name and a random suffix, e.g. `acme-health-k3x9q2`. */
function newDevId(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32);
  const suffix = randomBytes(6)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')
    .slice(0, 6);
  return `${slug || 'account'}-${suffix}`;
}
