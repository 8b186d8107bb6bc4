import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, connections } from '@/db/schema';
import { apiAccount, callRoute, exampleCall, takesUserId } from '../testing/api';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { createTestDatabase } from '../testing/test-database';
import { routes } from './routes';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: Awaited<ReturnType<typeof connectorSimulator>>;
let mine: Awaited<ReturnType<typeof apiAccount>>;
let theirs: Awaited<ReturnType<typeof apiAccount>>;
let theirUser: string;

beforeAll(async () => {
  database = await createTestDatabase();
  simulator = await connectorSimulator();
  mine = await apiAccount(database.db, 'Mine');
  theirs = await apiAccount(database.db, 'Theirs');
  await enableCardiomood(mine.owner, simulator.sim);
  await enableCardiomood(theirs.owner, simulator.sim);
  theirUser = (await connectUser(database.db, theirs.owner, 'user3', 'their-ref')).userId;
});
afterAll(async () => {
  await simulator.sim.close();
  await database.destroy();
});

const authenticated = routes.filter((r) => r.auth === 'api_key');
const named = (list: typeof routes) => list.map((r) => [`${r.method} ${r.path}`, r] as const);
const unknownUser = '00000000-0000-4000-8000-000000000000';

async function theirState() {
  const [user] = await database.db.select().from(connections).where(eq(connections.id, theirUser));
  const audit = await database.db.select().from(auditLog).where(eq(auditLog.accountId, theirs.account.id));
  return { user, audit: audit.length };
}

describe('requests across accounts', () => {
  it.each(named(authenticated))("%s refuses one account's dev-id with another's key", async (_, route) => {
    for (const headers of [
      { 'dev-id': mine.account.devId, 'x-api-key': theirs.key },
      { 'dev-id': theirs.account.devId, 'x-api-key': mine.key },
    ]) {
      const answer = await callRoute(database.db, route, { ...exampleCall(route, theirUser), headers });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ message: 'unauthorized' });
    }
  });

  it.each(named(authenticated))("%s neither reveals nor touches another account's user", async (_, route) => {
    const before = await theirState();
    const answer = await callRoute(database.db, route, { ...exampleCall(route, theirUser), headers: mine.headers });
    expect(answer.text).not.toContain(theirUser);
    expect(answer.text).not.toContain('their-ref');
    if (takesUserId(route)) {
      const unknown = await callRoute(database.db, route, {
        ...exampleCall(route, unknownUser),
        headers: mine.headers,
      });
      expect({ status: answer.status, body: answer.json }).toEqual({ status: 404, body: unknown.json });
      expect(answer.json).toEqual({ status: 'error', message: 'User not found' });
    }
    expect(await theirState()).toEqual(before);
  });

  it('lists and reference lookups see only the own account', async () => {
    const byReference = routes.find((r) => r.path === '/v2/userInfo');
    const subscriptions = routes.find((r) => r.path === '/v2/subscriptions');
    if (!byReference || !subscriptions) throw new Error('user routes missing');
    const list = await callRoute(database.db, byReference, {
      query: { reference_id: 'their-ref' },
      headers: mine.headers,
    });
    expect(list.json).toEqual([]);
    for (const query of [{}, { page: '0' }] as Record<string, string>[]) {
      const all = await callRoute(database.db, subscriptions, { query, headers: mine.headers });
      expect(all.status).toBe(200);
      expect(all.text).not.toContain(theirUser);
    }
    const own = await callRoute(database.db, subscriptions, { headers: theirs.headers });
    expect(own.text).toContain(theirUser);
  });
});
