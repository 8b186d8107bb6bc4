import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connections, deliveries } from '@/db/schema';
import { deliverOne } from '../delivery/deliver';
import { addDestination } from '../destinations/add-destination';
import { emitEvent } from '../events/emit-event';
import { takeCall } from '../ingest/rate-budget';
import { setCardiomoodIntegration } from '../integrations/set-integration';
import { accountWithOwner, connectionFor, memberWithRole } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { connectionsOverTime } from './connections-over-time';
import { deliveryHealth } from './delivery-health';
import { eventsPerDay } from './events-per-day';
import { rateBudgetUse } from './rate-budget-use';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let receiver: http.Server;
let url: string;
beforeAll(async () => {
  process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
  database = await createTestDatabase();
  let n = 0;
  receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(n++ % 4 ? 200 : 500).end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  delete process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS;
  receiver.close();
  await database.destroy();
});

const day = (offset: number) => new Date(Date.now() - offset * 86_400_000);

describe('the overview', () => {
  it('counts connected users per day, cumulatively, and how many are active', async () => {
    const { owner } = await accountWithOwner(database.db);
    await connectionFor(owner, { createdAt: day(40) });
    await connectionFor(owner, { createdAt: day(3) });
    await connectionFor(owner, { createdAt: day(0), status: 'inactive' });
    const other = await accountWithOwner(database.db, 'Other');
    await connectionFor(other.owner);

    const viewer = await memberWithRole(owner, 'viewer');
    const result = await connectionsOverTime({ ctx: viewer, input: { days: 30 } });
    expect(result.series).toHaveLength(30);
    expect(result.series[0]?.connected).toBe(1); // the one from 40 days ago
    expect(result.series.at(-4)?.connected).toBe(2);
    expect(result.series.at(-1)?.connected).toBe(3);
    expect({ total: result.total, active: result.active, inactive: result.inactive }).toEqual({
      total: 3,
      active: 2,
      inactive: 1,
    });
  });

  it('counts events per day by data type, lifecycle events as other, and delivery health', async () => {
    const { owner } = await accountWithOwner(database.db);
    await addDestination({ ctx: owner, input: { kind: 'webhook', url } });
    for (const type of ['daily', 'daily', 'sleep', 'auth']) await emitEvent(owner, { type, body: { type } });
    const emitted = await eventsPerDay({ ctx: owner });
    expect(emitted.total).toBe(4);
    expect(emitted.series.at(-1)).toMatchObject({ daily: 2, sleep: 1, other: 1, activity: 0 });

    const rows = await database.db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(eq(deliveries.accountId, owner.account.id));
    for (const row of rows) await deliverOne(database.db, row.id);
    const health = await deliveryHealth({ ctx: owner });
    expect(health.overall.attempts).toBe(4);
    expect(health.overall.successRate).toBe(0.75); // the receiver fails one request in four
    expect(health.overall.p95Ms).not.toBeNull();
    expect(health.series.at(-1)?.attempts).toBe(4);
  });

  it('charts CardioMood calls per minute against the limit, for this account’s client app only', async () => {
    const { owner } = await accountWithOwner(database.db);
    expect(await rateBudgetUse({ ctx: owner })).toBeNull();
    await setCardiomoodIntegration({
      ctx: owner,
      input: { enabled: true, clientId: `overview-${owner.account.id}`, clientSecret: 's', rateLimitPerMinute: 180 },
    });
    const budget = { key: `cardiomood:overview-${owner.account.id}`, perMinute: 180 }; // a burst of 3
    for (let i = 0; i < 3; i++) expect(await takeCall(database.db, budget)).toBe(0);
    const use = await rateBudgetUse({ ctx: owner });
    expect(use?.series).toHaveLength(60);
    expect(use?.lastHour).toBe(3);
    expect(use?.series.at(-1)?.calls).toBe(3);
    expect(use?.busiestMinuteShare).toBeCloseTo(3 / 180);
  });

  it('never counts another account’s rows', async () => {
    const { owner } = await accountWithOwner(database.db);
    expect((await connectionsOverTime({ ctx: owner })).total).toBe(0);
    expect((await eventsPerDay({ ctx: owner })).total).toBe(0);
    expect((await deliveryHealth({ ctx: owner })).overall.attempts).toBe(0);
    expect(await database.db.$count(connections)).toBeGreaterThan(0);
  });
});
