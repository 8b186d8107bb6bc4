import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { deliveries } from '@/db/schema';
import type { Ctx, MemberCtx } from '../context';
import { addDestination } from '../destinations/add-destination';
import { emitEvent } from '../events/emit-event';
import { syncConnection } from '../ingest/sync-connection';
import { storeRawRecord } from '../payloads/store-raw-record';
import { upsertPayload } from '../payloads/upsert-payload';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { accountWithOwner, connectionFor, memberWithRole } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { defaultRange } from './date-range';
import { listUserPayloads } from './list-user-payloads';
import { userCharts } from './user-charts';
import { getUserPayload } from './user-payload';
import { getUserState } from './user-state';
import { userTimeline } from './user-timeline';

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

const noSuchUser = 'No such user in this account.';

/** A user of a fresh account with a daily and a sleep payload on 2024-01-10 (and a raw record behind them). */
async function userWithPayloads() {
  const { owner } = await accountWithOwner(database.db);
  const user = await connectionFor(owner, { scopes: 'activity,sleep', tokenExpiresAt: new Date('2030-01-01Z') });
  const raw = await storeRawRecord(owner, {
    userId: user.id,
    source: 'user-summaries',
    day: '2024-01-10',
    body: '{"date":"2024-01-10"}',
  });
  const put = (type: 'daily' | 'sleep' | 'body', day: string, payload: unknown) =>
    upsertPayload(owner, {
      userId: user.id,
      type,
      naturalKey: type === 'sleep' ? `cardiomood-sleep-${day}` : day,
      day,
      startTime: `${day}T00:00:00Z`,
      payload,
      rawRecordIds: [raw.id],
      dropped: {},
    });
  const daily = await put('daily', '2024-01-10', {
    metadata: { start_time: '2024-01-10T00:00:00.000000+00:00' },
    distance_data: { steps: 8123, detailed: { step_samples: [{ steps: 1 }] } },
    heart_rate_data: { summary: { resting_hr_bpm: 52, avg_hr_bpm: 64.5, avg_hrv_rmssd: null, avg_hrv_sdnn: null } },
  });
  const sleep = await put('sleep', '2024-01-10', {
    heart_rate_data: { summary: { avg_hrv_rmssd: 41.2, avg_hrv_sdnn: 'not a number' } },
    sleep_durations_data: {
      asleep: {
        duration_deep_sleep_state_seconds: 5400,
        duration_light_sleep_state_seconds: 12_000,
        duration_REM_sleep_state_seconds: 6000,
      },
      awake: { duration_awake_state_seconds: 1800 },
    },
  });
  await put('body', '2024-01-09', { heart_data: {} });
  return { owner, user, daily, sleep, raw };
}

async function expectNoSuchUser(call: (ctx: Ctx, userId: string) => Promise<unknown>, owner: Ctx, userId: string) {
  const other = (await accountWithOwner(database.db)).owner;
  for (const [ctx, id] of [
    [owner, randomUUID()],
    [owner, 'not-a-user'],
    [owner, "'; drop table connections; --"],
    [other, userId],
  ] as const) {
    await expect(call(ctx, id), id).rejects.toMatchObject({ kind: 'not_found', message: noSuchUser });
  }
}

describe('the user inspector', () => {
  it('shows identity and connection state without the tokens', async () => {
    const { owner, user } = await userWithPayloads();
    const state = await getUserState({ ctx: owner, input: { userId: user.id } });
    expect(state).toMatchObject({
      userId: user.id,
      referenceId: user.referenceId,
      provider: 'CARDIOMOOD',
      status: 'active',
      isAuthenticated: true,
      scopes: 'activity,sleep',
      tokenExpiresAt: new Date('2030-01-01Z'),
      payloadCounts: { daily: 1, sleep: 1, body: 1, activity: 0, athlete: 0 },
      failingDeliveries: 0,
    });
    expect(Object.keys(state)).not.toContain('accessToken');
    expect(Object.keys(state)).not.toContain('refreshToken');
    await expectNoSuchUser((ctx, userId) => getUserState({ ctx, input: { userId } }), owner, user.id);
  });

  it('charts every day of the range from the Daily and Sleep payloads, nulls where there is none', async () => {
    const { owner, user } = await userWithPayloads();
    const viewer = await memberWithRole(owner as MemberCtx, 'viewer');
    const charts = await userCharts({ ctx: viewer, input: { userId: user.id, from: '2024-01-08', to: '2024-01-11' } });
    expect(charts.days.map((d) => d.day)).toEqual(['2024-01-08', '2024-01-09', '2024-01-10', '2024-01-11']);
    expect(charts.days[2]).toEqual({
      day: '2024-01-10',
      restingHr: 52,
      avgHr: 64.5,
      steps: 8123,
      hrvRmssd: 41.2, // the night's, since the day has none
      hrvSdnn: null, // not a number: left out, never an error
    });
    expect(charts.days[0]).toMatchObject({ restingHr: null, steps: null });
    expect(charts.nights[2]).toEqual({ day: '2024-01-10', deep: 90, light: 200, rem: 100, awake: 30 });
    expect(charts.has).toEqual({ heartRate: true, steps: true, hrv: true, sleep: true });

    const empty = await userCharts({ ctx: owner, input: { userId: user.id, from: '2023-01-01', to: '2023-01-31' } });
    expect(empty.days).toHaveLength(31);
    expect(empty.has).toEqual({ heartRate: false, steps: false, hrv: false, sleep: false });
    await expectNoSuchUser((ctx, userId) => userCharts({ ctx, input: { userId } }), owner, user.id);
  });

  it('defaults to the last 30 days and explains a range it cannot read', async () => {
    const { owner, user } = await userWithPayloads();
    const charts = await userCharts({ ctx: owner, input: { userId: user.id } });
    expect(charts).toMatchObject(defaultRange());
    expect(charts.days).toHaveLength(30);
    const refused = (from: string | undefined, to: string | undefined) =>
      userCharts({ ctx: owner, input: { userId: user.id, from, to } });
    await expect(refused('2024-02-01', '2024-01-01')).rejects.toThrow(
      'The range starts after it ends: from must not be after to.',
    );
    await expect(refused('2020-01-01', '2024-01-01')).rejects.toThrow(
      'A range spans at most 366 days; this one spans 1462.',
    );
    await expect(refused('2024-02-30', undefined)).rejects.toThrow('from: enter a date like 2025-01-31.');
    await expect(refused(undefined, 'yesterday')).rejects.toThrow('to: enter a date like 2025-01-31.');
    await expect(refused('2024-01-01', '2024-12-31')).resolves.toMatchObject({ from: '2024-01-01' });
  });

  it('lists the user’s payloads by type and range, paged, and opens one beside its raw record', async () => {
    const { owner, user, sleep, raw } = await userWithPayloads();
    const range = { from: '2024-01-01', to: '2024-01-31' };
    const all = await listUserPayloads({ ctx: owner, input: { userId: user.id, ...range } });
    expect(all.total).toBe(3);
    expect(new Set(all.rows.slice(0, 2).map((r) => r.type))).toEqual(new Set(['daily', 'sleep']));
    expect(all.rows[2]?.type).toBe('body'); // newest day first
    expect(all.rows[0]).not.toHaveProperty('payload');
    const sleeps = await listUserPayloads({ ctx: owner, input: { userId: user.id, ...range, type: 'sleep' } });
    expect(sleeps.rows.map((r) => r.id)).toEqual([sleep.id]);
    const page2 = await listUserPayloads({
      ctx: owner,
      input: { userId: user.id, ...range, page: '2', perPage: '10' },
    });
    expect(page2).toMatchObject({ total: 3, rows: [] });
    await expect(
      listUserPayloads({ ctx: owner, input: { userId: user.id, ...range, type: 'steps' as 'sleep' } }),
    ).rejects.toThrow('type: pick activity, body, daily, sleep or athlete.');

    const opened = await getUserPayload({ ctx: owner, input: { userId: user.id, payloadId: sleep.id } });
    expect(opened.raw.map((r) => r.id)).toEqual([raw.id]);
    expect(opened.raw[0]?.body).toBe('{"date":"2024-01-10"}');
    // Another user's payload, or a malformed id, is not this user's.
    const stranger = await connectionFor(owner);
    await expect(getUserPayload({ ctx: owner, input: { userId: stranger.id, payloadId: sleep.id } })).rejects.toThrow(
      'No such payload for this user.',
    );
    await expect(getUserPayload({ ctx: owner, input: { userId: user.id, payloadId: 'nope' } })).rejects.toThrow(
      'No such payload for this user.',
    );
    await expectNoSuchUser(
      (ctx, userId) => getUserPayload({ ctx, input: { userId, payloadId: sleep.id } }),
      owner,
      user.id,
    );
  });

  it('shows the user’s events newest first with their deliveries, paged by seq', async () => {
    const { owner, user } = await userWithPayloads();
    await addDestination({ ctx: owner, input: { kind: 'inbox', name: 'Inbox A' } });
    for (let i = 0; i < 5; i++) {
      await emitEvent(owner, { type: i % 2 ? 'daily' : 'sleep', userId: user.id, body: { n: i } });
    }
    await emitEvent(owner, { type: 'daily', userId: (await connectionFor(owner)).id, body: {} }); // someone else
    const first = await userTimeline({ ctx: owner, input: { userId: user.id, limit: 3 } });
    expect(first.items.map((e) => e.type)).toEqual(['sleep', 'daily', 'sleep']);
    expect(first.items[0]?.deliveries).toMatchObject([{ status: 'pending', destinationName: 'Inbox A', attempts: 0 }]);
    expect(first.nextBefore).toBe(first.items[2]?.seq);
    const second = await userTimeline({
      ctx: owner,
      input: { userId: user.id, limit: 3, before: first.nextBefore ?? 0 },
    });
    expect(second.items.map((e) => e.type)).toEqual(['daily', 'sleep']);
    expect(second.nextBefore).toBeNull();
    await expect(
      userTimeline({ ctx: owner, input: { userId: user.id, before: 'abc' as unknown as number } }),
    ).rejects.toThrow('before: that link is broken');
    await expectNoSuchUser((ctx, userId) => userTimeline({ ctx, input: { userId } }), owner, user.id);
  });

  it('counts the user’s failing deliveries', async () => {
    const { owner, user } = await userWithPayloads();
    await addDestination({ ctx: owner, input: { kind: 'inbox', name: 'Inbox B' } });
    const { id } = await emitEvent(owner, { type: 'daily', userId: user.id, body: {} });
    await database.db.update(deliveries).set({ status: 'dead' }).where(eq(deliveries.eventId, id));
    expect((await getUserState({ ctx: owner, input: { userId: user.id } })).failingDeliveries).toBe(1);
  });

  it('charts a simulated user synced from CardioMood', async () => {
    const { owner } = await accountWithOwner(database.db);
    await enableCardiomood(owner, simulator.sim);
    const { userId } = await connectUser(database.db, owner, 'user1');
    const synced = await syncConnection(database.db, userId, { now: new Date(simulator.clock.now), historyDays: 7 });
    expect(synced).toMatchObject({ status: 'synced', broken: 0 });
    const charts = await userCharts({ ctx: owner, input: { userId, from: '2026-03-09', to: '2026-03-15' } });
    expect(charts.has).toEqual({ heartRate: true, steps: true, hrv: true, sleep: true });
    const full = charts.days.filter((d) => d.day < '2026-03-15');
    for (const day of full) {
      expect(day.restingHr, day.day).toBeGreaterThan(30);
      expect(day.avgHr, day.day).toBeGreaterThan(day.restingHr ?? 0);
      expect(day.steps, day.day).toBeGreaterThan(0);
    }
    const nights = charts.nights.filter((n) => n.deep !== null);
    expect(nights.length).toBeGreaterThanOrEqual(6);
    for (const n of nights) expect((n.deep ?? 0) + (n.light ?? 0) + (n.rem ?? 0)).toBeGreaterThan(180);
  });
});
