import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connections } from '@/db/schema';
import { listAuditEntries } from '../audit/list-audit-entries';
import { duePolls } from '../jobs/due-polls';
import type { Simulator } from '../providers/cardiomood/simulator/server';
import { apiAccount, callRoute } from '../testing/api';
import { enableCardiomood } from '../testing/connector';
import { connectionFor } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { routes } from './routes';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let api: Awaited<ReturnType<typeof apiAccount>>;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await apiAccount(database.db);
  // Polling needs an enabled integration; nothing here calls CardioMood.
  await enableCardiomood(api.owner, { url: 'http://127.0.0.1:9' } as Simulator);
});
afterAll(async () => {
  await database.destroy();
});

const route = (method: string, path: string) => {
  const found = routes.find((r) => r.method === method && r.path === path);
  if (!found) throw new Error(`no route ${method} ${path}`);
  return found;
};
const patch = (userId: string, body: unknown) =>
  callRoute(database.db, route('PATCH', '/v2/users/{user_id}'), {
    params: { user_id: userId },
    body,
    headers: api.headers,
  });
const get = (path: string, query: Record<string, string>) =>
  callRoute(database.db, route('GET', path), { query, headers: api.headers });

describe('PATCH /v2/users/{user_id}', () => {
  it('active: false stops polling, true resumes it at once; both audited with before and after', async () => {
    const user = await connectionFor(api.owner, { nextPollAt: new Date(Date.now() + 3_600_000) });
    const later = new Date(Date.now() + 7_200_000);
    expect(await duePolls(database.db, later, 1000)).toContain(user.id);

    const stopped = await patch(user.id, { active: false });
    expect(stopped.json).toMatchObject({ status: 'success', user: { user_id: user.id, active: false } });
    expect(await duePolls(database.db, later, 1000)).not.toContain(user.id);

    const resumed = await patch(user.id, { active: true });
    expect(resumed.json).toMatchObject({ user: { active: true } });
    expect(await duePolls(database.db, new Date(), 1000)).toContain(user.id);

    const audit = (await listAuditEntries({ ctx: api.owner })).filter((e) => e.targetId === user.id);
    expect(audit.map((e) => [e.action, e.before, e.after])).toEqual([
      [
        'connection.modified',
        { reference_id: user.referenceId, active: false },
        { reference_id: user.referenceId, active: true },
      ],
      [
        'connection.modified',
        { reference_id: user.referenceId, active: true },
        { reference_id: user.referenceId, active: false },
      ],
    ]);
  });

  it('changes the reference_id that userInfo looks users up by; an unchanged body writes no audit entry', async () => {
    const user = await connectionFor(api.owner, { referenceId: 'before-ref' });
    await patch(user.id, { reference_id: 'after-ref' });
    expect((await get('/v2/userInfo', { reference_id: 'after-ref' })).json).toMatchObject([{ user_id: user.id }]);
    expect((await get('/v2/userInfo', { reference_id: 'before-ref' })).json).toEqual([]);
    const entries = async () =>
      (await listAuditEntries({ ctx: api.owner })).filter((e) => e.targetId === user.id).length;
    const count = await entries();
    expect((await patch(user.id, { reference_id: 'after-ref', active: true })).status).toBe(200);
    expect((await patch(user.id, {})).status).toBe(200);
    expect(await entries()).toBe(count);
  });
});

describe('GET /v2/userInfo', () => {
  it('says is_authenticated false once the user revoked access, and matches user ids in any case', async () => {
    const user = await connectionFor(api.owner);
    expect((await get('/v2/userInfo', { user_id: user.id.toUpperCase() })).json).toMatchObject({
      status: 'success',
      user: { user_id: user.id, provider: 'CARDIOMOOD', active: true },
      is_authenticated: true,
    });
    await database.db
      .update(connections)
      .set({ status: 'inactive', lastError: 'access revoked: invalid_grant' })
      .where(eq(connections.id, user.id));
    expect((await get('/v2/userInfo', { user_id: user.id })).json).toMatchObject({
      user: { active: false },
      is_authenticated: false,
    });
  });
});

describe('GET /v2/subscriptions', () => {
  it('pages through every user oldest first, and answers them all without page', async () => {
    const { owner, headers } = await apiAccount(database.db, 'Paged');
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await connectionFor(owner)).id);
    const page = async (n: number) =>
      (
        await callRoute(database.db, route('GET', '/v2/subscriptions'), {
          query: { page: String(n), per_page: '2' },
          headers,
        })
      ).json as { data: { next: number | null; max_page: number; results: { user_id: string }[] } };
    const pages = [await page(0), await page(1), await page(2)];
    expect(pages.map((p) => [p.data.next, p.data.max_page, p.data.results.length])).toEqual([
      [1, 2, 2],
      [2, 2, 2],
      [null, 2, 1],
    ]);
    expect(pages.flatMap((p) => p.data.results.map((u) => u.user_id))).toEqual(created);
    const all = await callRoute(database.db, route('GET', '/v2/subscriptions'), { headers });
    expect((all.json as { users: { user_id: string }[] }).users.map((u) => u.user_id)).toEqual(created);
  });
});

describe('POST /v2/bulkUserInfo', () => {
  it('answers the users asked for in the order asked, once each', async () => {
    const [a, b] = [await connectionFor(api.owner), await connectionFor(api.owner)];
    const answer = await callRoute(database.db, route('POST', '/v2/bulkUserInfo'), {
      body: [b.id, a.id.toUpperCase(), b.id],
      headers: api.headers,
    });
    expect((answer.json as { user_id: string }[]).map((u) => u.user_id)).toEqual([b.id, a.id]);
  });
});

describe('GET /v2/integrations/detailed', () => {
  it('lists CardioMood with the data types it fills and whether the account enabled it', async () => {
    const detailed = await get('/v2/integrations/detailed', {});
    expect(detailed.json).toEqual({
      status: 'success',
      providers: [
        {
          provider: 'CARDIOMOOD',
          name: 'CardioMood',
          setup: 'CUSTOM',
          enabled: true,
          types: { activity: true, body: true, daily: true, sleep: true, nutrition: false, menstruation: false },
        },
      ],
    });
    const other = await apiAccount(database.db, 'Not enabled');
    const off = await callRoute(database.db, route('GET', '/v2/integrations/detailed'), { headers: other.headers });
    expect(off.json).toMatchObject({ providers: [{ provider: 'CARDIOMOOD', enabled: false }] });
  });
});
