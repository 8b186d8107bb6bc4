import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries } from '@/db/schema';
import { addDestination } from '../destinations/add-destination';
import { emitEvent } from '../events/emit-event';
import { isHeartbridgeError } from '../errors';
import { accountWithOwner, connectionFor, memberWithRole } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { searchConnections } from './search-connections';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
  database = await createTestDatabase();
});
afterAll(async () => {
  delete process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS;
  await database.destroy();
});

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

async function account() {
  const { owner } = await accountWithOwner(database.db);
  const users = {
    fresh: await connectionFor(owner, {
      referenceId: 'customer-fresh',
      lastPollAt: hoursAgo(0.5),
      createdAt: hoursAgo(5),
    }),
    day: await connectionFor(owner, { referenceId: 'customer-day', lastPollAt: hoursAgo(5), createdAt: hoursAgo(4) }),
    stale: await connectionFor(owner, { referenceId: 'other_50%', lastPollAt: hoursAgo(50), createdAt: hoursAgo(3) }),
    never: await connectionFor(owner, { referenceId: null, status: 'inactive', createdAt: hoursAgo(2) }),
  };
  return { owner, users };
}

const ids = (result: Awaited<ReturnType<typeof searchConnections>>) => result.rows.map((r) => r.userId);

describe('searching the Users table', () => {
  it('filters by status and last sync, and searches reference_id or an exact user_id', async () => {
    const { owner, users } = await account();
    const viewer = await memberWithRole(owner, 'viewer');
    const search = (input: Parameters<typeof searchConnections>[0]['input']) =>
      searchConnections({ ctx: viewer, input });
    expect((await search({})).total).toBe(4);
    expect(ids(await search({ status: 'inactive' }))).toEqual([users.never.id]);
    expect(ids(await search({ sync: 'never' }))).toEqual([users.never.id]);
    expect(ids(await search({ sync: 'hour' }))).toEqual([users.fresh.id]);
    expect(new Set(ids(await search({ sync: 'day' })))).toEqual(new Set([users.fresh.id, users.day.id]));
    expect(ids(await search({ sync: 'stale' }))).toEqual([users.stale.id]);
    expect(new Set(ids(await search({ q: 'CUSTOMER' })))).toEqual(new Set([users.fresh.id, users.day.id]));
    expect(ids(await search({ q: '50%' }))).toEqual([users.stale.id]); // % is a character, not a wildcard
    expect(ids(await search({ q: '_' }))).toEqual([users.stale.id]);
    expect(ids(await search({ q: users.day.id.toUpperCase() }))).toEqual([users.day.id]);
  });

  it('sorts on the server with never-synced users last, and pages without repeating rows', async () => {
    const { owner, users } = await account();
    const bySync = await searchConnections({ ctx: owner, input: { sort: 'last_sync', dir: 'desc' } });
    expect(ids(bySync)).toEqual([users.fresh.id, users.day.id, users.stale.id, users.never.id]);
    const ascending = await searchConnections({ ctx: owner, input: { sort: 'last_sync', dir: 'asc' } });
    expect(ids(ascending)).toEqual([users.stale.id, users.day.id, users.fresh.id, users.never.id]);
    const newest = await searchConnections({ ctx: owner, input: { sort: 'connected_at' } });
    expect(ids(newest)[0]).toBe(users.never.id);

    for (let i = 0; i < 21; i++) await connectionFor(owner);
    const first = await searchConnections({ ctx: owner, input: { perPage: 10, page: 1 } });
    const third = await searchConnections({ ctx: owner, input: { perPage: '10', page: '3' } });
    expect(first.total).toBe(25);
    expect(third.rows).toHaveLength(5);
    const all = [];
    for (let page = 1; page <= 3; page++) {
      all.push(...ids(await searchConnections({ ctx: owner, input: { perPage: 10, page } })));
    }
    expect(new Set(all).size).toBe(25);
    expect((await searchConnections({ ctx: owner, input: { perPage: 10, page: 9 } })).rows).toEqual([]);
  });

  it('counts each user’s failing deliveries', async () => {
    const { owner, users } = await account();
    await addDestination({ ctx: owner, input: { kind: 'webhook', url: 'http://127.0.0.1:9/hook' } });
    await emitEvent(owner, { type: 'daily', userId: users.day.id, body: {} });
    await emitEvent(owner, { type: 'sleep', userId: users.day.id, body: {} });
    await emitEvent(owner, { type: 'sleep', userId: users.fresh.id, body: {} });
    await database.db.update(deliveries).set({ status: 'retrying' });
    const result = await searchConnections({ ctx: owner, input: {} });
    const failing = Object.fromEntries(result.rows.map((r) => [r.userId, r.failingDeliveries]));
    expect(failing).toMatchObject({ [users.day.id]: 2, [users.fresh.id]: 1, [users.never.id]: 0 });
  });

  it('never shows another account’s users, and names the bad parameter', async () => {
    const { users } = await account();
    const other = await accountWithOwner(database.db, 'Other');
    expect((await searchConnections({ ctx: other.owner, input: { q: users.day.id } })).total).toBe(0);
    for (const [input, name] of [
      [{ page: '0' }, 'page'],
      [{ perPage: '100000' }, 'perPage'],
      [{ sort: 'password' }, 'sort'],
      [{ dir: 'up' }, 'dir'],
      [{ status: 'gone' }, 'status'],
      [{ sync: 'yesterday' }, 'sync'],
      [{ q: 'x'.repeat(201) }, 'q'],
    ] as const) {
      const error = await searchConnections({ ctx: other.owner, input: input as never }).catch((e: unknown) => e);
      expect(isHeartbridgeError(error) && error.kind === 'invalid' && error.message.startsWith(`${name}:`)).toBe(true);
    }
  });
});
