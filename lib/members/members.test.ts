import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '../audit/list-audit-entries';
import { accountWithOwner, memberWithRole, testPassword } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { addMember } from './add-member';
import { changeMemberRole } from './change-member-role';
import { listMembers } from './list-members';
import { removeMember } from './remove-member';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

describe('team membership', () => {
  it('adds, re-roles and removes a member, writing an audit entry for each change', async () => {
    const { owner } = await accountWithOwner(database.db);
    const added = await addMember({
      ctx: owner,
      input: { email: 'Dev@Example.test', role: 'developer', initialPassword: testPassword },
    });
    expect(added.email).toBe('dev@example.test');
    await changeMemberRole({ ctx: owner, input: { memberId: added.memberId, role: 'support' } });
    expect((await listMembers({ ctx: owner })).find((m) => m.memberId === added.memberId)?.role).toBe('support');
    await removeMember({ ctx: owner, input: { memberId: added.memberId } });
    expect((await listMembers({ ctx: owner })).map((m) => m.email)).not.toContain('dev@example.test');
    const actions = (await listAuditEntries({ ctx: owner })).map((e) => e.action);
    expect(actions.slice(0, 3)).toEqual(['member.removed', 'member.role_changed', 'member.added']);
  });

  it.each([
    [{ email: 'not-an-email', role: 'viewer', initialPassword: testPassword }, /^Enter a valid email address\.$/],
    [{ email: 'new@example.test', role: 'admin', initialPassword: testPassword }, /Choose a role/],
    [{ email: 'new@example.test', role: 'viewer', initialPassword: 'short' }, /at least 10 characters/],
    [{ email: 'new2@example.test', role: 'viewer' }, /Set an initial password/],
  ])('refuses bad input %o and writes nothing', async (input, message) => {
    const { owner } = await accountWithOwner(database.db);
    await expect(addMember({ ctx: owner, input: input as never })).rejects.toThrow(message);
    expect(await listMembers({ ctx: owner })).toHaveLength(1);
    expect((await listAuditEntries({ ctx: owner })).map((e) => e.action)).toEqual(['account.created']);
  });

  it('refuses a duplicate member', async () => {
    const { owner, email } = await accountWithOwner(database.db);
    await expect(addMember({ ctx: owner, input: { email, role: 'viewer' } })).rejects.toThrow(/already a member/);
  });

  it('adds someone who belongs to another account without touching their password', async () => {
    const a = await accountWithOwner(database.db);
    const b = await accountWithOwner(database.db);
    const added = await addMember({ ctx: a.owner, input: { email: b.email, role: 'viewer' } });
    expect(added.existingMember).toBe(true);
  });

  it('lets only owners change the team', async () => {
    const { owner } = await accountWithOwner(database.db);
    const developer = await memberWithRole(owner, 'developer');
    const viewer = await memberWithRole(owner, 'viewer');
    await expect(
      changeMemberRole({ ctx: developer, input: { memberId: viewer.actor.memberId, role: 'owner' } }),
    ).rejects.toThrow(/not allowed to manage team members/);
    await expect(
      addMember({ ctx: developer, input: { email: 'x@example.test', role: 'owner', initialPassword: testPassword } }),
    ).rejects.toThrow(/not allowed/);
    await expect(removeMember({ ctx: viewer, input: { memberId: owner.actor.memberId } })).rejects.toThrow(
      /not allowed/,
    );
    expect(await listMembers({ ctx: owner })).toHaveLength(3);
  });

  it('never removes or demotes the last owner', async () => {
    const { owner } = await accountWithOwner(database.db);
    await expect(removeMember({ ctx: owner, input: { memberId: owner.actor.memberId } })).rejects.toThrow(
      'The last owner cannot be removed.',
    );
    await expect(
      changeMemberRole({ ctx: owner, input: { memberId: owner.actor.memberId, role: 'viewer' } }),
    ).rejects.toThrow(/last owner/);
    const second = await memberWithRole(owner, 'owner');
    await removeMember({ ctx: second, input: { memberId: owner.actor.memberId } });
    expect((await listMembers({ ctx: second })).map((m) => m.role)).toEqual(['owner']);
  });

  it('cannot reach another account’s members', async () => {
    const a = await accountWithOwner(database.db);
    const b = await accountWithOwner(database.db);
    await expect(removeMember({ ctx: a.owner, input: { memberId: b.owner.actor.memberId } })).rejects.toThrow(
      'No such member in this account.',
    );
    await expect(
      changeMemberRole({ ctx: a.owner, input: { memberId: b.owner.actor.memberId, role: 'viewer' } }),
    ).rejects.toThrow(/No such member/);
    expect((await listMembers({ ctx: b.owner })).map((m) => m.role)).toEqual(['owner']);
    expect((await listMembers({ ctx: a.owner })).map((m) => m.email)).toEqual([a.email]);
  });
});
