import { asc, eq } from 'drizzle-orm';
import { accounts, members, memberships } from '@/db/schema';
import type { Db } from '@/db/client';
import type { Role } from '../auth/roles';
import type { AccountRef, MemberCtx } from '../context';

export interface MemberAccount extends AccountRef {
  role: Role;
}

/** The accounts a member belongs to, oldest membership first. */
export async function listMemberAccounts(db: Db, memberId: string): Promise<MemberAccount[]> {
  return db
    .select({ id: accounts.id, devId: accounts.devId, name: accounts.name, role: memberships.role })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.memberId, memberId))
    .orderBy(asc(memberships.createdAt), asc(accounts.name));
}

/**
 * The context of a signed-in member in the account they chose, or in their first account when
 * the choice is missing or no longer theirs. Null when the member is gone or has no account.
 */
export async function memberCtx(
  db: Db,
  memberId: string,
  chosenAccountId?: string,
): Promise<(MemberCtx & { accounts: MemberAccount[] }) | null> {
  const [member] = await db.select({ email: members.email }).from(members).where(eq(members.id, memberId));
  if (!member) return null;
  const all = await listMemberAccounts(db, memberId);
  const current = all.find((a) => a.id === chosenAccountId) ?? all[0];
  if (!current) return null;
  const { role, ...account } = current;
  return { db, account, actor: { kind: 'member', memberId, email: member.email, role }, accounts: all };
}
