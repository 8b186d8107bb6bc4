import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { connections, integrations, rateBudgetMinutes, rateBudgets, rawRecords } from '@/db/schema';
import { listConnections } from '../connections/list-connections';
import type { Ctx } from '../context';
import { listEvents } from '../events/list-events';
import { validateModel } from '../models/validate';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { accountWithOwner } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { syncConnection } from './sync-connection';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: Awaited<ReturnType<typeof connectorSimulator>>;
beforeAll(async () => {
  database = await createTestDatabase();
  simulator = await connectorSimulator();
});
afterAll(async () => {
  await simulator.sim.close();
  await database.destroy();
});

const eventModel: Record<string, string> = {
  daily: 'DailyEvent',
  body: 'BodyEvent',
  sleep: 'SleepEvent',
  activity: 'ActivityEvent',
};

async function connected(username: string): Promise<{ owner: Ctx; userId: string }> {
  const { owner } = await accountWithOwner(database.db);
  await enableCardiomood(owner, simulator.sim);
  const { userId } = await connectUser(database.db, owner, username);
  return { owner, userId };
}

const sync = (userId: string) => syncConnection(database.db, userId, { now: new Date(simulator.clock.now) });

describe('syncing a connection', () => {
  it('makes payloads and one valid event per changed payload, and nothing more when nothing changed', async () => {
    simulator.sim.admin.setFaults({});
    const { owner, userId } = await connected('user1');
    const first = await sync(userId);
    expect(first).toMatchObject({ status: 'synced', broken: 0 });
    if (first.status !== 'synced') return;
    expect(first.changedDays).toHaveLength(3);
    const events = (await listEvents({ ctx: owner, input: { userId, includeBody: true } })).filter(
      (e) => e.type in eventModel,
    );
    expect(events.length).toBe(first.changedPayloads);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['daily', 'body', 'sleep', 'activity']));
    for (const event of events) expect(validateModel(eventModel[event.type] as string, event.body).errors).toEqual([]);

    const again = await sync(userId);
    expect(again).toMatchObject({ status: 'synced', changedDays: [], changedPayloads: 0 });

    simulator.clock.now += 2 * 3_600_000; // today's data grows
    const later = await sync(userId);
    expect(later).toMatchObject({ status: 'synced' });
    if (later.status === 'synced') expect(later.changedDays.length).toBeGreaterThanOrEqual(1);
    const [connection] = await listConnections({ ctx: owner });
    expect(connection?.lastPollAt?.getTime()).toBe(simulator.clock.now);
    expect(connection?.nextPollAt.getTime()).toBe(simulator.clock.now + 60 * 60_000);
  });

  it("leaves today's samples for later while the budget is busy, and polls an idle user less often", async () => {
    const { owner, userId } = await connected('user2');
    const [integration] = await database.db
      .select()
      .from(integrations)
      .where(eq(integrations.accountId, owner.account.id));
    const budgetKey = `cardiomood:${integration?.clientId}`;
    const lastMinute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
    const busy = integration?.rateLimitPerMinute ?? 0; // the whole limit used in the last minute
    await database.db
      .insert(rateBudgetMinutes)
      .values({ key: budgetKey, minute: lastMinute, calls: busy })
      .onConflictDoUpdate({ target: [rateBudgetMinutes.key, rateBudgetMinutes.minute], set: { calls: busy } });
    const first = await sync(userId);
    if (first.status !== 'synced') throw new Error(`sync ${first.status}`);
    const today = first.changedDays.at(-1);
    const sources = await database.db
      .select({ day: rawRecords.day, source: rawRecords.source })
      .from(rawRecords)
      .where(eq(rawRecords.userId, userId));
    const samplesOn = (day: string | undefined) =>
      sources.filter((r) => r.day === day && r.source !== 'user-summaries');
    expect(samplesOn(today)).toEqual([]);
    expect(samplesOn(first.changedDays[0])).toHaveLength(5);

    // After the user's midnight (+5:00: 17:00 now), the first poll fetches the ended day's samples.
    simulator.clock.now += 8 * 3_600_000;
    await database.db
      .insert(rateBudgetMinutes)
      .values({ key: budgetKey, minute: lastMinute, calls: busy })
      .onConflictDoUpdate({ target: [rateBudgetMinutes.key, rateBudgetMinutes.minute], set: { calls: busy } });
    expect(await sync(userId)).toMatchObject({ status: 'synced' });
    const after = await database.db
      .select({ day: rawRecords.day, source: rawRecords.source })
      .from(rawRecords)
      .where(eq(rawRecords.userId, userId));
    expect(after.filter((r) => r.day === today && r.source !== 'user-summaries')).toHaveLength(5);

    // Its data last changed 5 hours ago and this poll finds nothing new: the next one waits half the
    // idle time (2.5 h) rather than the 1-hour interval.
    await database.db
      .update(connections)
      .set({ lastDataAt: new Date(simulator.clock.now - 5 * 3_600_000) })
      .where(eq(connections.id, userId));
    expect(await sync(userId)).toMatchObject({ status: 'synced', changedPayloads: 0 });
    const [connection] = await listConnections({ ctx: owner });
    expect(connection?.nextPollAt.getTime()).toBe(simulator.clock.now + 2.5 * 3_600_000);
  });

  it('refreshes an expired token once and goes on', async () => {
    const { userId } = await connected('user2');
    simulator.sim.admin.expireTokens();
    expect(await sync(userId)).toMatchObject({ status: 'synced' });
  });

  it('stops polling a revoked user and emits access_revoked', async () => {
    const { owner, userId } = await connected('user3');
    simulator.sim.admin.revoke('user3');
    simulator.sim.admin.expireTokens();
    expect(await sync(userId)).toEqual({ status: 'revoked' });
    const [revoked] = await listEvents({ ctx: owner, input: { userId, includeBody: true } });
    expect(revoked?.type).toBe('access_revoked');
    expect(validateModel('AccessRevokedEvent', revoked?.body).errors).toEqual([]);
    expect((await listConnections({ ctx: owner }))[0]?.status).toBe('inactive');
    expect(await sync(userId)).toEqual({ status: 'skipped', reason: 'connection inactive' });
  });

  it.each([
    ['5xx answers', { errorRate: 1 }, 'unavailable'],
    ['malformed JSON', { malformedRate: 1 }, 'malformed'],
    ['truncated answers (the connection drops mid-body)', { truncatedRate: 1 }, 'unavailable'],
    ['a 429 storm', { rateLimitStorm: true }, 'rate_limited'],
  ])('records %s, schedules a retry, writes nothing half-done, and recovers', async (_name, faults, reason) => {
    const { owner, userId } = await connected('user4');
    simulator.sim.admin.setFaults(faults);
    try {
      const outcome = await sync(userId);
      expect(outcome).toMatchObject({ status: 'failed', reason });
      const [connection] = await listConnections({ ctx: owner });
      expect(connection?.lastError).toContain(reason === 'malformed' ? 'malformed' : reason);
      expect(connection?.nextPollAt.getTime()).toBeGreaterThan(simulator.clock.now);
      expect((await listEvents({ ctx: owner, input: { userId, includeBody: true } })).map((e) => e.type)).toEqual([
        'auth',
      ]);
    } finally {
      simulator.sim.admin.setFaults({ errorRate: 0, malformedRate: 0, truncatedRate: 0, rateLimitStorm: false });
    }
    // Recovery: once CardioMood answers again, the next poll syncs (after a 429 the budget waits out its minute).
    if (reason === 'rate_limited') await database.db.delete(rateBudgets);
    expect(await sync(userId)).toMatchObject({ status: 'synced', broken: 0 });
    expect((await listConnections({ ctx: owner }))[0]?.lastError).toBeNull();
  });
});
