import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillParts, events } from '@/db/schema';
import { getAthlete, getDaily } from '../api/endpoints/data';
import { listEvents } from '../events/list-events';
import { validateModel } from '../models/validate';
import { apiAccount } from '../testing/api';
import { startApiServer } from '../testing/api-server';
import { startBackfillWorker, waitForBackfill } from '../testing/backfill-worker';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { memberWithRole } from '../testing/fixtures';
import { terraContract } from '../testing/terra-contract';
import { createTestDatabase } from '../testing/test-database';
import { webhookReceiver } from '../testing/webhook-receiver';
import { cancelBackfill } from './cancel-backfill';
import { listBackfills } from './list-backfills';
import { runBackfillPart } from './run-part';
import { startBackfill } from './start-backfill';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: Awaited<ReturnType<typeof connectorSimulator>>;
let server: Awaited<ReturnType<typeof startApiServer>>;
let api: Awaited<ReturnType<typeof apiAccount>>;
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
let users: [string, string];

beforeAll(async () => {
  database = await createTestDatabase();
  simulator = await connectorSimulator({ start: Date.now(), rateLimitPerMinute: 6000 });
  api = await apiAccount(database.db);
  await enableCardiomood(api.owner, simulator.sim, 6000);
  users = [
    (await connectUser(database.db, api.owner, 'user1')).userId,
    (await connectUser(database.db, api.owner, 'user2')).userId,
  ];
  server = await startApiServer(database.db, [getDaily, getAthlete]);
  receiver = await webhookReceiver(api.owner);
}, 60_000);
afterAll(async () => {
  await receiver.close();
  await server.close();
  await simulator.sim.close();
  await database.destroy();
});

const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const calls = () => simulator.sim.admin.stats().calls['heartbridge-test']?.total ?? 0;
const partsOf = (backfillId: string) =>
  database.db.select().from(backfillParts).where(eq(backfillParts.backfillId, backfillId));
const eventsOf = (reference: string) =>
  database.db.select().from(events).where(eq(events.reference, reference)).orderBy(events.seq);

async function get(path: string, query: Record<string, string>) {
  const response = await fetch(`${server.url}/v2/${path}?${new URLSearchParams(query)}`, { headers: api.headers });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('backfills, before any worker runs', () => {
  it('refuse bad ranges and empty choices with readable messages', async () => {
    const input = { userId: users[0], from: day(10), to: day(5), dataTypes: ['daily' as const] };
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ from: '2024-02-30' }, /^From: enter a date like/],
      [{ to: 'soon' }, /^To: enter a date like/],
      [{ from: day(5), to: day(10) }, /^From must be before To/],
      [{ from: '2015-01-01', to: '2024-01-01' }, /at most 1825 days/],
      [{ from: '2999-01-01', to: '2999-02-01' }, /in the future/],
      [{ dataTypes: [] }, /at least one data type/],
      [{ dataTypes: ['steps'] }, /activity, body, daily and sleep/],
      [{ userId: undefined }, /Choose a user, or all users/],
      [{ userId: '00000000-0000-4000-8000-000000000000' }, /No such user/],
    ];
    for (const [change, message] of bad) {
      await expect(startBackfill({ ctx: api.owner, input: { ...input, ...change } as never })).rejects.toThrow(message);
    }
    expect(await listBackfills({ ctx: api.owner })).toEqual([]);
  });

  it('let owner, developer and support start and cancel them, viewers only read', async () => {
    const input = { userId: users[0], from: day(10), to: day(5), dataTypes: ['daily' as const] };
    const viewer = await memberWithRole(api.owner, 'viewer');
    await expect(startBackfill({ ctx: viewer, input })).rejects.toThrow('not allowed to start or cancel backfills');
    const support = await memberWithRole(api.owner, 'support');
    const started = await startBackfill({ ctx: support, input });
    await expect(cancelBackfill({ ctx: viewer, input: { backfillId: started.id } })).rejects.toThrow('not allowed');
    expect(await cancelBackfill({ ctx: support, input: { backfillId: started.id } })).toEqual({ status: 'cancelled' });
    const [listed] = await listBackfills({ ctx: viewer });
    expect(listed).toMatchObject({ id: started.id, status: 'cancelled', kind: 'backfill' });
    expect((await partsOf(started.id)).map((p) => p.status)).toEqual(expect.arrayContaining(['cancelled']));
    await expect(cancelBackfill({ ctx: support, input: { backfillId: started.id } })).rejects.toThrow(
      'already finished',
    );
    const other = await apiAccount(database.db, 'Other');
    await expect(cancelBackfill({ ctx: other.owner, input: { backfillId: started.id } })).rejects.toThrow(
      'No such backfill',
    );
  });

  it('retry a failing part three times, then record the failure in the summary', async () => {
    const started = await startBackfill({
      ctx: api.owner,
      input: { userId: users[1], from: day(400), to: day(398), dataTypes: ['daily'] },
    });
    const [part] = await partsOf(started.id);
    if (!part) throw new Error('no part');
    simulator.sim.admin.setFaults({ errorRate: 1 });
    try {
      expect(await runBackfillPart(database.db, part.id)).toBe('pending');
      expect(await runBackfillPart(database.db, part.id)).toBe('pending');
      expect(await runBackfillPart(database.db, part.id)).toBe('failed');
    } finally {
      simulator.sim.admin.setFaults({ errorRate: 0 });
    }
    const [failed] = (await listBackfills({ ctx: api.owner })).filter((b) => b.id === started.id);
    expect(failed).toMatchObject({ status: 'failed', partsDone: 1, partsTotal: 1 });
    expect(failed?.summary.failedParts).toBe(1);
    expect(failed?.summary.errors?.[0]).toContain('unavailable');
  });
});

describe('with the backfill worker', () => {
  let worker: Awaited<ReturnType<typeof startBackfillWorker>>;
  beforeAll(async () => {
    worker = await startBackfillWorker(database);
  });
  afterAll(() => worker.stop());

  it('deliver a to_webhook request within a month as one event carrying its terra-reference', async () => {
    const answer = await get('daily', { user_id: users[0], start_date: day(9), end_date: day(6) });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ status: 'success', type: 'webhook', message: 'Data will be sent to webhook' });
    const reference = answer.json.reference as string;
    const [request] = (await listBackfills({ ctx: api.owner })).filter((b) => b.reference === reference);
    expect(request).toMatchObject({ kind: 'request', endpoint: 'GET /v2/daily' });
    expect(await waitForBackfill(database, request?.id ?? '')).toMatchObject({ status: 'done' });
    const delivered = await receiver.deliverReference(database.db, reference);
    expect(delivered).toHaveLength(1);
    const [event] = delivered;
    if (!event) throw new Error('nothing delivered');
    expect(event.body).toMatchObject({ type: 'daily', version: '2022-03-16', user: { user_id: users[0] } });
    expect((event.body.data as unknown[]).length).toBe(3);
    expect(validateModel('DailyEvent', event.body).errors).toEqual([]);
  }, 60_000);

  it('follow Terra’s large-request flow over more than one calendar month: chunks of at most 10, one reference', async () => {
    const start = day(38); // 37 days: always two calendar months or three
    const answer = await get('daily', { user_id: users[0], start_date: start, end_date: day(1) });
    expect(answer.json).toMatchObject({
      type: 'large_request_processing',
      status: 'processing',
      user: { user_id: users[0] },
    });
    expect(validateModel('LargeRequestProcessingEvent', answer.json).errors).toEqual([]);
    const reference = answer.json.reference as string;
    const [request] = (await listBackfills({ ctx: api.owner })).filter((b) => b.reference === reference);
    expect(request?.large).toBe(true);
    expect(await waitForBackfill(database, request?.id ?? '', 120_000)).toMatchObject({ status: 'done' });
    const delivered = await receiver.deliverReference(database.db, reference);
    const types = delivered.map((d) => d.body.type);
    expect(types.slice(0, 2)).toEqual(['large_request_processing', 'large_request_sending']);
    const sending = delivered[1]?.body;
    expect(validateModel('LargeRequestSendingEvent', sending).errors).toEqual([]);
    const chunks = delivered.slice(2);
    expect(chunks.length).toBe(sending?.expected_payloads);
    const days = Math.round((Date.parse(day(1)) - Date.parse(start)) / 86_400_000);
    expect(chunks.length).toBe(Math.ceil(days / 10));
    const dailies = chunks.flatMap((c) => c.body.data as Array<{ metadata: { start_time: string } }>);
    expect(dailies).toHaveLength(days);
    for (const chunk of chunks) {
      expect((chunk.body.data as unknown[]).length).toBeLessThanOrEqual(10);
      expect(validateModel('DailyEvent', chunk.body).errors).toEqual([]);
    }
    expect(new Set(delivered.map((d) => d.headers['terra-reference']))).toEqual(new Set([reference]));
    const starts = dailies.map((d) => d.metadata.start_time);
    expect(starts).toEqual([...starts].sort());
  }, 150_000);

  it('answer an inline request CardioMood cannot serve now with processing, and finish the fetch in the background', async () => {
    const query = { user_id: users[1], start_date: day(300), end_date: day(295), to_webhook: 'false' };
    simulator.sim.admin.setFaults({ errorRate: 1 });
    const first = await get('daily', query).finally(() => simulator.sim.admin.setFaults({ errorRate: 0 }));
    expect(first.json).toMatchObject({
      type: 'processing',
      message: 'Request is being processed',
      user: { user_id: users[1] },
    });
    const terra = terraContract();
    expect(terra.validate(terra.schemaFor('GET', '/daily', 200) ?? {}, first.json)).toEqual([]);
    expect(first.json.retry_after_seconds).toBeGreaterThanOrEqual(30);
    const [history] = (await listBackfills({ ctx: api.owner })).filter((b) => b.delivery === 'none');
    expect(history).toMatchObject({ kind: 'request', endpoint: 'GET /v2/daily', userId: users[1] });
    expect(await waitForBackfill(database, history?.id ?? '', 90_000)).toMatchObject({ status: 'done' });
    const second = await get('daily', query);
    expect((second.json.data as unknown[]).length).toBe(5);
  }, 120_000);

  it('send the athlete to the webhook at once', async () => {
    const answer = await get('athlete', { user_id: users[1] });
    const reference = answer.json.reference as string;
    const [event] = await receiver.deliverReference(database.db, reference);
    expect(validateModel('AthleteEvent', event?.body).errors).toEqual([]);
  });

  it('run a backfill for every user month by month, with progress and a summary, under one reference', async () => {
    const started = await startBackfill({
      ctx: api.owner,
      input: { allUsers: true, from: day(70), to: day(60), dataTypes: ['daily', 'sleep'] },
    });
    const months = new Set([day(70).slice(0, 7), day(61).slice(0, 7)]).size;
    expect(started.partsTotal).toBe(2 * months);
    const finished = await waitForBackfill(database, started.id, 120_000);
    expect(finished).toMatchObject({ status: 'done', partsDone: 2 * months, partsTotal: 2 * months });
    const summary = finished.summary as { payloads: Record<string, number>; events: number; fetchedDays: number };
    expect(summary.payloads.daily).toBe(20);
    expect(summary.payloads.sleep).toBeGreaterThan(10);
    expect(summary.fetchedDays).toBe(20);
    const sent = await eventsOf(started.reference);
    expect(sent.length).toBe(summary.events);
    expect(new Set(sent.map((e) => e.userId))).toEqual(new Set(users));
    for (const event of sent) {
      expect(validateModel(event.type === 'daily' ? 'DailyEvent' : 'SleepEvent', event.body).errors).toEqual([]);
      expect((event.body as { data: unknown[] }).data.length).toBeLessThanOrEqual(10);
    }
    expect((await receiver.deliverReference(database.db, started.reference)).length).toBe(sent.length);
  }, 150_000);

  it('stop a backfill cancelled in flight: its part delivers nothing', async () => {
    simulator.sim.admin.setFaults({ latencyMs: 150 });
    try {
      const started = await startBackfill({
        ctx: api.owner,
        input: { userId: users[1], from: day(150), to: day(130), dataTypes: ['daily'] },
      });
      const since = Date.now();
      while (Date.now() - since < 20_000) {
        const parts = await partsOf(started.id);
        if (parts.some((p) => p.status === 'running')) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const before = calls();
      while (Date.now() - since < 20_000 && calls() < before + 3) await new Promise((r) => setTimeout(r, 50));
      expect(calls()).toBeGreaterThanOrEqual(before + 3); // mid-fetch
      await cancelBackfill({ ctx: api.owner, input: { backfillId: started.id } });
      let parts = await partsOf(started.id);
      while (Date.now() - since < 40_000 && parts.some((p) => p.status !== 'cancelled')) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        parts = await partsOf(started.id);
      }
      expect(parts.every((p) => p.status === 'cancelled')).toBe(true);
      expect(await eventsOf(started.reference)).toEqual([]);
      expect((await waitForBackfill(database, started.id)).status).toBe('cancelled');
    } finally {
      simulator.sim.admin.setFaults({ latencyMs: 0 });
    }
  }, 60_000);

  it('list REST requests beside backfills, and never another account’s', async () => {
    const kinds = new Set((await listBackfills({ ctx: api.owner })).map((b) => b.kind));
    expect(kinds).toEqual(new Set(['backfill', 'request']));
    const other = await apiAccount(database.db, 'Other account');
    expect(await listBackfills({ ctx: other.owner })).toEqual([]);
    const running = await database.db
      .select()
      .from(backfillParts)
      .where(and(eq(backfillParts.accountId, api.account.id), eq(backfillParts.status, 'running')));
    expect(running).toEqual([]);
    expect((await listEvents({ ctx: other.owner })).length).toBe(0);
  });
});
