import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase } from '../database';
import { accountSnapshot } from '../testing/account-snapshot';
import { libCalls, pagesWithIds, routeHandlers } from '../testing/app-surface';
import { pureHelpers } from './action-cases';
import { surfaceCases } from './surface-cases';
import { twoTenants } from './tenants';

let setup: Awaited<ReturnType<typeof twoTenants>>;
const slot = Symbol.for('heartbridge.database');
beforeAll(async () => {
  setup = await twoTenants();
  // Public handlers open the process's database themselves (lib/database.ts): make it this one.
  (globalThis as Record<symbol, unknown>)[slot] = Promise.resolve({ db: setup.db });
});
afterAll(async () => {
  (globalThis as Record<symbol, unknown>)[slot] = undefined;
  await closeDatabase();
  await setup.close();
});

const files = [...routeHandlers(), ...pagesWithIds()];
const found = files.flatMap((file) => file.functions.map((fn) => ({ file, fn })));

describe('every route handler outside /v2 and every page with an id in its path has a case', () => {
  it('the table names each of them, and nothing else', () => {
    expect(Object.keys(surfaceCases).sort()).toEqual(found.map(({ fn }) => fn.key).sort());
  });

  it.each(found.map(({ file, fn }) => [fn.key, file, fn] as const))(
    '%s reads who is asking as its case says, through exactly its verbs',
    async (key, file, fn) => {
      const entry = surfaceCases[key];
      if (!entry) throw new Error(`${key} has no case in lib/isolation/surface-cases.ts`);
      const session = fn.calls.has('currentCtx') || fn.calls.has('requireCtx');
      expect(session, 'reads the session').toBe(entry.access === 'session');
      const used = [...libCalls(file, fn), ...libCalls(file, fn, 'handed')].filter(
        (call) => !pureHelpers.has(call.name),
      );
      expect([...new Set(used.map((call) => call.name))].sort()).toEqual(entry.verbs.map((verb) => verb.name).sort());
      for (const call of used) {
        const module = (await import(/* @vite-ignore */ call.from)) as Record<string, unknown>;
        expect(entry.verbs).toContain(module[call.name]);
      }
    },
  );
});

describe("aimed at account B's rows from account A (or from nobody), each is refused and B is unchanged", () => {
  it.each(Object.entries(surfaceCases))('%s', async (_, entry) => {
    const before = await accountSnapshot(setup.db, setup.tenants.b.account.id);
    await entry.probe(setup.tenants, setup.db);
    expect(await accountSnapshot(setup.db, setup.tenants.b.account.id)).toEqual(before);
  });
});
