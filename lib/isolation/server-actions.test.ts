import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberCtx } from '../accounts/member-accounts';
import { authenticateApiKey } from '../api-keys/authenticate-api-key';
import { createApiKey } from '../api-keys/create-api-key';
import { authorize } from '../auth/roles';
import { addMember } from '../members/add-member';
import { accountSnapshot } from '../testing/account-snapshot';
import { libCalls, serverActions } from '../testing/app-surface';
import type { TenantWorld } from '../testing/tenant-world';
import { actionCases, pureHelpers } from './action-cases';
import { settle, twoTenants } from './tenants';

let setup: Awaited<ReturnType<typeof twoTenants>>;
beforeAll(async () => {
  setup = await twoTenants();
});
afterAll(() => setup.close());

const surface = serverActions();
const found = surface.flatMap((file) => file.functions.map((fn) => ({ file, fn })));
const cases = Object.entries(actionCases);

/** B's ids, names and reference, none of which a refusal may repeat. */
function theirMarks(b: TenantWorld): string[] {
  return [
    b.account.id,
    b.account.devId,
    b.account.name,
    b.email,
    b.key.id,
    b.webhook.id,
    b.inbox.id,
    b.user.id,
    b.user.referenceId ?? '',
    b.payloadId,
    b.deliveryId,
    b.backfillId,
    b.viewer.actor.memberId,
    b.viewer.actor.email,
  ].filter(Boolean);
}

/** The same input with every id of B replaced by a fresh one no account has. */
function unknownLike(input: Record<string, unknown>, b: TenantWorld): Record<string, unknown> {
  const marks = new Set(theirMarks(b));
  return Object.fromEntries(
    Object.entries(input).map(([name, value]) => [
      name,
      typeof value === 'string' && marks.has(value) ? randomUUID() : value,
    ]),
  );
}

describe('every server action has a case', () => {
  it('the table names every server action under app/, and nothing else', () => {
    expect(found.length).toBeGreaterThan(0);
    expect(Object.keys(actionCases).sort()).toEqual(found.map(({ fn }) => fn.key).sort());
  });

  it.each(found.map(({ file, fn }) => [fn.key, file, fn] as const))(
    '%s takes its context from the session and calls exactly the verbs its case tests',
    async (key, file, fn) => {
      const entry = actionCases[key];
      if (!entry) throw new Error(`${key} has no case in lib/isolation/action-cases.ts`);
      expect(fn.calls.has('runAction'), 'runs through runAction (session first)').toBe(true);
      for (const other of ['currentCtx', 'requireCtx', 'memberCtx']) expect(fn.calls.has(other)).toBe(false);
      const called = libCalls(file, fn).filter((call) => !pureHelpers.has(call.name));
      expect(called.map((call) => call.name).sort()).toEqual(entry.verbs.map((verb) => verb.name).sort());
      for (const call of called) {
        const module = (await import(/* @vite-ignore */ call.from)) as Record<string, unknown>;
        expect(entry.verbs, `${call.name} from ${call.from} is the function the case runs`).toContain(
          module[call.name],
        );
      }
    },
  );
});

describe("signed in to account A, every server action refuses account B's rows and leaves B unchanged", () => {
  it.each(cases)('%s', async (_, entry) => {
    const { a, b } = setup.tenants;
    for (const { input, refused } of entry.foreign(setup.tenants)) {
      const before = await accountSnapshot(setup.db, b.account.id);
      const outcome = await settle(() => entry.run(a.owner, input));
      if (refused) {
        expect(outcome.error?.kind, JSON.stringify(input)).toBe('not_found');
        const message = outcome.error?.message ?? '';
        expect(message).toMatch(/^[A-Z].*\.$/);
        for (const mark of theirMarks(b)) expect(message).not.toContain(mark);
        // An id of another account is answered exactly as an id that does not exist.
        const unknown = await settle(() => entry.run(a.owner, unknownLike(input, b)));
        expect(unknown.error?.message).toBe(message);
      } else {
        expect(outcome.error, JSON.stringify(input)).toBeUndefined();
      }
      expect(await accountSnapshot(setup.db, b.account.id)).toEqual(before);
    }
  });

  it('a key created in A opens A only', async () => {
    const { a, b } = setup.tenants;
    const { key } = await createApiKey({ ctx: a.owner, input: { name: 'opens A' } });
    expect(await authenticateApiKey(setup.db, b.account.devId, key)).toBeNull();
    expect((await authenticateApiKey(setup.db, a.account.devId, key))?.account.id).toBe(a.account.id);
  });
});

describe('the session', () => {
  it("an account cookie naming another tenant's account opens the member's own account instead", async () => {
    const { a, b } = setup.tenants;
    const ctx = await memberCtx(setup.db, a.owner.actor.memberId, b.account.id);
    expect(ctx?.account.id).toBe(a.account.id);
    expect(ctx?.accounts.map((account) => account.id)).toEqual([a.account.id]);
  });

  it('a member of both accounts holds in each the role given there', async () => {
    const { a, b } = setup.tenants;
    await addMember({ ctx: b.owner, input: { email: a.viewer.actor.email, role: 'owner' } });
    const inB = await memberCtx(setup.db, a.viewer.actor.memberId, b.account.id);
    const inA = await memberCtx(setup.db, a.viewer.actor.memberId, a.account.id);
    if (!inA || !inB) throw new Error('member context missing');
    expect(inB.actor.role).toBe('owner');
    expect(() => authorize(inB, 'team.manage')).not.toThrow();
    expect(inA.actor.role).toBe('viewer');
    expect(() => authorize(inA, 'team.manage')).toThrow('Your role (viewer) is not allowed to manage team members.');
  });
});
