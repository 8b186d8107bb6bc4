import type { Db } from '@/db/client';
import { createAccount } from '../accounts/create-account';
import { memberCtx } from '../accounts/member-accounts';
import { connections } from '@/db/schema';
import type { Ctx, MemberCtx } from '../context';
import { encrypt } from '../security/encryption';
import { addMember } from '../members/add-member';
import type { Role } from '../auth/roles';

let counter = 0;
export const testPassword = 'test-password-123';

/** An account with its owner's context. */
export async function accountWithOwner(db: Db, name = 'Test account') {
  counter += 1;
  const email = `owner${counter}-${Date.now()}@example.test`;
  const { account, ownerMemberId } = await createAccount({
    ctx: { db, actor: { kind: 'system', name: 'test' } },
    input: { name, ownerEmail: email, ownerPassword: testPassword },
  });
  const owner = await memberCtx(db, ownerMemberId, account.id);
  if (!owner) throw new Error('owner context missing');
  return { account, owner, email };
}

/** Adds a new member with `role` to the owner's account and returns their context there. */
export async function memberWithRole(owner: MemberCtx, role: Role): Promise<MemberCtx> {
  counter += 1;
  const email = `${role}${counter}-${Date.now()}@example.test`;
  const { memberId } = await addMember({ ctx: owner, input: { email, role, initialPassword: testPassword } });
  const ctx = await memberCtx(owner.db, memberId, owner.account.id);
  if (!ctx) throw new Error('member context missing');
  return ctx;
}

/** A connected CardioMood user of the context's account, inserted directly (tokens are placeholders). */
export async function connectionFor(ctx: Ctx, overrides: Partial<typeof connections.$inferInsert> = {}) {
  counter += 1;
  const [row] = await ctx.db
    .insert(connections)
    .values({
      accountId: ctx.account.id,
      provider: 'CARDIOMOOD',
      providerUserId: `cm-user-${counter}-${Date.now()}`,
      accessToken: encrypt('test-access-token'),
      refreshToken: encrypt('test-refresh-token'),
      referenceId: `ref-${counter}`,
      ...overrides,
    })
    .returning();
  if (!row) throw new Error('connection insert returned nothing');
  return row;
}
