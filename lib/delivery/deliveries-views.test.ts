import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, deliveryAttempts } from '@/db/schema';
import { listAuditEntries } from '../audit/list-audit-entries';
import type { MemberCtx } from '../context';
import { addDestination } from '../destinations/add-destination';
import { emitEvent } from '../events/emit-event';
import { accountWithOwner, memberWithRole } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { getDelivery } from './get-delivery';
import { listDeliveries } from './list-deliveries';
import { replayFailed } from './replay-failed';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: MemberCtx;
let stranger: MemberCtx;
let everything: { id: string };
let activityOnly: { id: string };
const alice = randomUUID();
const bob = randomUUID();
const day = (n: number) => new Date(Date.UTC(2025, 0, 1 + n));

// Account A: twelve events, one a day from 2025-01-01, alternating activity/sleep and alice/bob, to an
// inbox taking everything (12 deliveries) and one taking activity only (6). Days 0–2 dead, day 3 retrying.
beforeAll(async () => {
  database = await createTestDatabase();
  ({ owner } = await accountWithOwner(database.db, 'Views A'));
  everything = await addDestination({ ctx: owner, input: { kind: 'inbox', name: 'Everything' } });
  activityOnly = await addDestination({
    ctx: owner,
    input: { kind: 'inbox', name: 'Activity only', eventTypes: ['activity'] },
  });
  for (let i = 0; i < 12; i++) {
    const event = await emitEvent(owner, {
      type: i % 2 === 0 ? 'activity' : 'sleep',
      userId: i % 2 === 0 ? alice : bob,
      body: { type: i % 2 === 0 ? 'activity' : 'sleep', n: i },
    });
    await database.db
      .update(deliveries)
      .set({ createdAt: day(i), attempts: i, nextAttemptAt: day(20 - i) })
      .where(eq(deliveries.eventId, event.id));
    if (i <= 3) {
      await database.db
        .update(deliveries)
        .set({ status: i === 3 ? 'retrying' : 'dead' })
        .where(and(eq(deliveries.eventId, event.id), eq(deliveries.destinationId, everything.id)));
    }
  }
  ({ owner: stranger } = await accountWithOwner(database.db, 'Views B'));
  await addDestination({ ctx: stranger, input: { kind: 'inbox' } });
  await emitEvent(stranger, { type: 'activity', userId: alice, body: { type: 'activity' } });
});
afterAll(async () => {
  await database.destroy();
});

const list = (input: Parameters<typeof listDeliveries>[0]['input'] = {}) => listDeliveries({ ctx: owner, input });

describe('listing deliveries', () => {
  it('pages through the account’s deliveries without repeating or skipping, and a page past the end is empty', async () => {
    const first = await list({ perPage: 10 });
    const second = await list({ perPage: 10, page: 2 });
    expect(first).toMatchObject({ total: 18, page: 1, perPage: 10 });
    expect(first.rows).toHaveLength(10);
    expect(second.rows).toHaveLength(8);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(18);
    const past = await list({ perPage: 10, page: 3 });
    expect(past).toMatchObject({ total: 18, page: 3, rows: [] });
    expect((await list()).perPage).toBe(25);
    expect((await listDeliveries({ ctx: stranger })).total).toBe(1);
  });

  it('accepts the URL’s strings for page and perPage', async () => {
    expect(await list({ page: '2', perPage: '10' })).toMatchObject({ page: 2, perPage: 10, total: 18 });
  });

  it.each([
    ['status', { status: 'dead' }, 3],
    ['status', { status: 'retrying' }, 1],
    ['destination', { destinationId: 'activityOnly' }, 6],
    ['event type', { eventType: 'sleep' }, 6],
    ['user', { userId: 'bob' }, 6],
    ['date range, to exclusive', { from: '2025-01-03', to: '2025-01-06' }, 5],
    ['date range with times', { from: '2025-01-03T00:00:00Z', to: '2025-01-03T00:00:01Z' }, 2],
    ['status and destination', { status: 'dead', destinationId: 'everything' }, 3],
    ['event type nobody sent', { eventType: 'body' }, 0],
  ])('filters by %s', async (_, filter, expected) => {
    const input = { ...filter } as Record<string, string>;
    if (input.destinationId)
      input.destinationId = input.destinationId === 'activityOnly' ? activityOnly.id : everything.id;
    if (input.userId) input.userId = bob;
    const { rows, total } = await list({ ...input, perPage: 100 });
    expect(total).toBe(expected);
    expect(rows).toHaveLength(expected);
    if (input.status) expect(rows.every((r) => r.status === input.status)).toBe(true);
    if (input.destinationId) expect(rows.every((r) => r.destinationId === input.destinationId)).toBe(true);
    if (input.eventType) expect(rows.every((r) => r.eventType === input.eventType)).toBe(true);
    if (input.userId) expect(rows.every((r) => r.userId === bob)).toBe(true);
  });

  it('sorts by creation (newest first by default), next attempt and attempts, either way', async () => {
    const times = (rows: Array<{ createdAt: Date }>) => rows.map((r) => r.createdAt.getTime());
    const byDefault = times((await list({ perPage: 100 })).rows);
    expect(byDefault).toEqual([...byDefault].sort((a, b) => b - a));
    const oldest = times((await list({ perPage: 100, sort: 'created_at', dir: 'asc' })).rows);
    expect(oldest).toEqual([...oldest].sort((a, b) => a - b));
    expect(oldest[0]).toBe(day(0).getTime());

    const attempts = (await list({ perPage: 100, sort: 'attempts', dir: 'desc' })).rows.map((r) => r.attempts);
    expect(attempts).toEqual([...attempts].sort((a, b) => b - a));
    expect(attempts[0]).toBe(11);
    const next = (await list({ perPage: 100, sort: 'next_attempt_at', dir: 'asc' })).rows.map((r) =>
      r.nextAttemptAt.getTime(),
    );
    expect(next).toEqual([...next].sort((a, b) => a - b));
  });

  it.each([
    [{ from: '2025-01-05', to: '2025-01-02' }, 'from', /start date must not be after the end date/],
    [{ from: 'yesterday' }, 'from', /^from: enter a date/],
    [{ to: '2025-13-45' }, 'to', /^to: enter a date/],
    [{ to: '2025-02-30' }, 'to', /^to: enter a date/],
    [{ from: '2025-01-31T12:00' }, 'from', /^from: enter a date/],
    [{ perPage: 5 }, 'perPage', /between 10 and 100/],
    [{ perPage: 101 }, 'perPage', /between 10 and 100/],
    [{ page: 0 }, 'page', /pages start at 1/],
    [{ sort: 'status' }, 'sort', /^sort:/],
    [{ dir: 'up' }, 'dir', /^dir:/],
    [{ status: 'lost' }, 'status', /^status:/],
    [{ userId: 'alice' }, 'userId', /^userId:/],
    [{ destinationId: 'nope' }, 'destinationId', /^destinationId:/],
  ])('refuses %j, naming %s', async (input, field, message) => {
    const error = await list(input as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'invalid', details: { field }, message: expect.stringMatching(message) });
  });
});

describe('one delivery', () => {
  it('shows its event, destination and attempts newest first', async () => {
    const [row] = (await list({ status: 'dead', sort: 'created_at', dir: 'asc' })).rows;
    if (!row) throw new Error('no dead delivery');
    await database.db.insert(deliveryAttempts).values(
      [1, 2].map((minute) => ({
        accountId: owner.account.id,
        deliveryId: row.id,
        startedAt: new Date(Date.UTC(2025, 0, 1, 0, minute)),
        durationMs: 10 * minute,
        statusCode: 500,
        requestHeaders: { 'content-type': 'application/json', 'x-try': String(minute) },
        responseExcerpt: `answer ${minute}`,
      })),
    );
    const shown = await getDelivery({ ctx: owner, input: { deliveryId: row.id } });
    expect(shown.delivery).toMatchObject({ id: row.id, status: 'dead' });
    expect(shown.event).toMatchObject({ type: 'activity', userId: alice, body: { type: 'activity', n: 0 } });
    expect(shown.event.traceId).toBeTruthy();
    expect(shown.destination).toEqual({ id: everything.id, name: 'Everything', kind: 'inbox' });
    expect(shown.attempts.map((a) => a.responseExcerpt)).toEqual(['answer 2', 'answer 1']);
    expect(shown.attempts[0]?.requestHeaders).toEqual({ 'content-type': 'application/json', 'x-try': '2' });
  });

  it('reads another account’s delivery exactly like an unknown one', async () => {
    const [theirs] = (await listDeliveries({ ctx: stranger })).rows;
    if (!theirs) throw new Error('no delivery in account B');
    const across = await getDelivery({ ctx: owner, input: { deliveryId: theirs.id } }).catch((e: unknown) => e);
    const unknown = await getDelivery({ ctx: owner, input: { deliveryId: randomUUID() } }).catch((e: unknown) => e);
    expect(across).toMatchObject({ kind: 'not_found' });
    expect(unknown).toMatchObject({ kind: 'not_found', message: (across as Error).message });
  });
});

describe('replaying failed deliveries in a range', () => {
  it('refuses a viewer, and a range whose start is after its end', async () => {
    const viewer = await memberWithRole(owner, 'viewer');
    const range = { from: '2025-01-01', to: '2025-02-01' };
    await expect(replayFailed({ ctx: viewer, input: range })).rejects.toMatchObject({ kind: 'forbidden' });
    expect((await listDeliveries({ ctx: viewer, input: { status: 'dead' } })).total).toBe(3);
    await expect(replayFailed({ ctx: owner, input: { from: '2025-02-01', to: '2025-01-01' } })).rejects.toMatchObject({
      kind: 'invalid',
      details: { field: 'from' },
    });
  });

  it('queues again only dead and retrying deliveries created in [from, to), of this account, and audits it', async () => {
    const support = await memberWithRole(owner, 'support');
    // Day 0 is before the range, day 3 (retrying) is its excluded end: only days 1 and 2 qualify.
    const before = Date.now();
    expect(await replayFailed({ ctx: support, input: { from: '2025-01-02', to: '2025-01-04' } })).toEqual({
      count: 2,
    });
    const rows = (await list({ perPage: 100, from: '2025-01-01', to: '2025-01-05', destinationId: everything.id }))
      .rows;
    const byDay = new Map(rows.map((r) => [r.createdAt.toISOString().slice(0, 10), r]));
    expect(byDay.get('2025-01-01')?.status).toBe('dead');
    for (const date of ['2025-01-02', '2025-01-03']) {
      expect(byDay.get(date)).toMatchObject({ status: 'pending', attempts: 0 });
      expect(byDay.get(date)?.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    }
    expect(byDay.get('2025-01-04')?.status).toBe('retrying');

    const [entry] = await listAuditEntries({ ctx: owner, input: { limit: 1 } });
    expect(entry).toMatchObject({
      action: 'deliveries.replayed',
      after: { count: 2, from: '2025-01-02T00:00:00.000Z', to: '2025-01-04T00:00:00.000Z' },
    });

    // The other destination had no failures; the stranger's account is untouched.
    expect(
      await replayFailed({
        ctx: owner,
        input: { from: '2025-01-01', to: '2026-01-01', destinationId: activityOnly.id },
      }),
    ).toEqual({ count: 0 });
    expect(await replayFailed({ ctx: stranger, input: { from: '2025-01-01', to: '2030-01-01' } })).toEqual({
      count: 0,
    });
    // Filtering by another account's destination is refused, as an unknown one is.
    await expect(
      replayFailed({ ctx: stranger, input: { from: '2025-01-01', to: '2030-01-01', destinationId: activityOnly.id } }),
    ).rejects.toMatchObject({ kind: 'not_found', message: 'No such destination in this account.' });
    expect(await replayFailed({ ctx: owner, input: { from: '2025-01-01', to: '2026-01-01' } })).toEqual({ count: 2 });
    const left = await database.db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(and(eq(deliveries.accountId, owner.account.id), inArray(deliveries.status, ['dead', 'retrying'])));
    expect(left).toHaveLength(0);
  });
});
