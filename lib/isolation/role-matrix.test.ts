import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Role, refusal, roles } from '../auth/roles';
import type { MemberCtx } from '../context';
import { accountSnapshot } from '../testing/account-snapshot';
import { serverActions } from '../testing/app-surface';
import { memberWithRole } from '../testing/fixtures';
import { actionCases } from './action-cases';
import { settle, twoTenants } from './tenants';

let setup: Awaited<ReturnType<typeof twoTenants>>;
const actors = {} as Record<Role, MemberCtx>;
beforeAll(async () => {
  setup = await twoTenants();
  for (const role of roles) actors[role] = await memberWithRole(setup.tenants.a.owner, role);
});
afterAll(() => setup.close());

const cases = Object.entries(actionCases);

it('has a row for every server action under app/', () => {
  const keys = serverActions().flatMap((file) => file.functions.map((fn) => fn.key));
  expect(Object.keys(actionCases).sort()).toEqual(keys.sort());
});

/**
 * Roles × actions, as lib/auth/roles.ts grants them: a role holding the action's permission gets it
 * done; any other is refused by name and nothing of the account changes.
 */
describe.each(roles)('as %s', (role) => {
  it.each(cases)('%s', async (_, entry) => {
    const { a } = setup.tenants;
    const actor = actors[role];
    const input = await entry.allowed(setup.tenants, actor);
    const before = await accountSnapshot(setup.db, a.account.id);
    const outcome = await settle(() => entry.run(actor, input));
    if (can(role, entry.permission)) {
      expect(outcome.error, `${role} may ${entry.permission}`).toBeUndefined();
    } else {
      expect(outcome.error).toMatchObject({ kind: 'forbidden', message: refusal(role, entry.permission) });
      expect(await accountSnapshot(setup.db, a.account.id)).toEqual(before);
    }
  });
});
