import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, backfills, destinations, events, inboxMessages } from '@/db/schema';
import { deleteDeauthenticateUser } from '../api/endpoints/auth';
import { getDaily } from '../api/endpoints/data';
import { startBackfill } from '../backfills/start-backfill';
import { completeAuthorization } from '../connect/complete-authorization';
import { generateWidgetSession } from '../connect/generate-widget-session';
import { startAuthorization } from '../connect/start-authorization';
import { deauthenticateUser } from '../connections/deauthenticate-user';
import { resyncConnection } from '../connections/resync-connection';
import type { Ctx } from '../context';
import { addDestination } from '../destinations/add-destination';
import { setDestinationStatus } from '../destinations/set-destination-status';
import { syncConnection } from '../ingest/sync-connection';
import { enqueueDuePolls } from '../jobs/worker';
import { validateModel } from '../models/validate';
import { apiAccount, callRoute } from '../testing/api';
import { startBackfillWorker, waitForBackfill } from '../testing/backfill-worker';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { accountWithOwner } from '../testing/fixtures';
import { rowsReferencing, tableCounts } from '../testing/rows-referencing';
import { createTestDatabase } from '../testing/test-database';
import { inboxServer } from '../testing/inbox-server';
import { deliverPending, userNeedles } from '../testing/user-needles';
import { webhookReceiver } from '../testing/webhook-receiver';
import { purgeDeauthEvents } from './purge-deauth-events';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

/** Each table's count after = before − the erased user's rows before + theirs after: nothing else moved. */
function expectOnlyTheirRowsGone(
  before: Record<string, number>,
  after: Record<string, number>,
  theirsBefore: Record<string, number>,
  theirsAfter: Record<string, number>,
) {
  const expected = Object.fromEntries(
    Object.entries(before).map(([table, n]) => [table, n - (theirsBefore[table] ?? 0) + (theirsAfter[table] ?? 0)]),
  );
  expect(after).toEqual(expected);
}

const kinds = process.env.TEST_DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

describe.each(kinds)('deauthentication erases the user (%s)', (kind) => {
  let database: TestDatabase;
  let simulator: Awaited<ReturnType<typeof connectorSimulator>>;
  let inbox: Awaited<ReturnType<typeof inboxServer>>;
  const receivers: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    inbox = await inboxServer(database); // first: the redirect URI registered at the simulator follows its URL
    simulator = await connectorSimulator({ start: Date.now(), rateLimitPerMinute: 6000 });
  }, 60_000);
  afterAll(async () => {
    for (const receiver of receivers) await receiver.close();
    await inbox.close();
    await simulator.sim.close();
    await database.destroy();
  });

  /** A poll, again after a failure as the worker would (on a loaded machine a kept-alive socket may drop). */
  async function sync(user: string) {
    let outcome = await syncConnection(database.db, user, { now: new Date(simulator.clock.now), historyDays: 2 });
    for (let retry = 0; retry < 3 && outcome.status === 'failed'; retry++) {
      outcome = await syncConnection(database.db, user, { now: new Date(simulator.clock.now), historyDays: 2 });
    }
    return outcome;
  }

  it('leaves no row about them but the audit entry once the deauth event is delivered, and others intact', async () => {
    const { db } = database;
    const a = await apiAccount(db, 'Erasure A');
    await enableCardiomood(a.owner, simulator.sim, 6000);
    const hook = await webhookReceiver(a.owner);
    receivers.push(hook);
    await addDestination({ ctx: a.owner, input: { kind: 'inbox' } });
    const b = await accountWithOwner(db, 'Erasure B');
    await enableCardiomood(b.owner, simulator.sim, 6000);
    receivers.push(await webhookReceiver(b.owner));

    const tag = Math.random().toString(36).slice(2, 10);
    const connect = async (ctx: Ctx, username: string, name: string) =>
      (await connectUser(db, ctx, username, `erase-${name}-${tag}`)).userId;
    const alice = await connect(a.owner, 'user1', 'alice');
    const bob = await connect(a.owner, 'user2', 'bob');
    const carol = await connect(a.owner, 'user3', 'carol');
    const dave = await connect(b.owner, 'user4', 'dave');

    // Around alice: a widget session and a cancelled connect attempt under her reference id.
    const aliceRef = `erase-alice-${tag}`;
    await generateWidgetSession({ ctx: a.owner, input: { reference_id: aliceRef } });
    const { authUrl } = await startAuthorization(a.owner, { referenceId: aliceRef });
    await completeAuthorization(db, { state: new URL(authUrl).searchParams.get('state'), error: 'access_denied' });

    for (const user of [alice, bob, carol, dave]) expect(await sync(user)).toMatchObject({ status: 'synced' });
    const worker = await startBackfillWorker(database);
    try {
      expect(await enqueueDuePolls(database, worker.boss, new Date(Date.now() + 86_400_000))).toBeGreaterThanOrEqual(4);
      const mine = await startBackfill({
        ctx: a.owner,
        input: { userId: alice, from: day(10), to: day(7), dataTypes: ['daily', 'sleep'] },
      });
      const answer = await callRoute(db, getDaily, {
        query: { user_id: alice, start_date: day(9), end_date: day(8), to_webhook: 'true' },
        headers: a.headers,
      });
      expect(answer.status).toBe(200);
      const reference = (answer.json as { reference: string }).reference;
      const [request] = await db.select().from(backfills).where(eq(backfills.reference, reference));
      for (const id of [mine.id, request?.id ?? '']) {
        expect(await waitForBackfill(database, id, 90_000)).toMatchObject({ status: 'done' });
      }
    } finally {
      await worker.stop();
    }
    // An all-users backfill no worker ran yet: alice's months in it must go, the backfill must still finish.
    const pending = await startBackfill({
      ctx: a.owner,
      input: { allUsers: true, from: day(40), to: day(38), dataTypes: ['daily'] },
    });
    await resyncConnection({ ctx: a.owner, input: { userId: alice } });
    expect(await deliverPending(db)).toBeGreaterThan(20);

    const before = await tableCounts(db);
    const needles = {
      alice: await userNeedles(db, alice),
      bob: await userNeedles(db, bob),
      carol: await userNeedles(db, carol),
      dave: await userNeedles(db, dave),
    };
    const held = await rowsReferencing(db, needles);
    for (const table of ['public.payloads', 'public.raw_records', 'public.events', 'public.deliveries']) {
      expect(held.alice[table]).toBeGreaterThan(0);
    }
    for (const table of ['public.delivery_attempts', 'public.inbox_messages', 'public.backfills']) {
      expect(held.alice[table]).toBeGreaterThan(0);
    }
    for (const table of ['public.backfill_parts', 'public.data_request_usage', 'public.oauth_states']) {
      expect(held.alice[table]).toBeGreaterThan(0);
    }
    expect(held.alice['public.widget_sessions']).toBe(1);
    expect(held.alice['pgboss.job']).toBeGreaterThanOrEqual(3); // her poll and her backfill months
    const [{ partsTotal } = { partsTotal: 0 }] = await db.select().from(backfills).where(eq(backfills.id, pending.id));

    await deauthenticateUser({ ctx: a.owner, input: { userId: alice } });
    const [deauth] = await db
      .select()
      .from(events)
      .where(and(eq(events.userId, alice), eq(events.type, 'deauth')));
    if (!deauth) throw new Error('no deauth event');
    const leaving = await rowsReferencing(db, { alice: [...needles.alice, deauth.id, deauth.traceId] });
    expect(leaving.alice).toMatchObject({ 'public.events': 1, 'public.deliveries': 2 });
    expect(await deliverPending(db)).toBe(2); // the webhook and the inbox
    const sent = hook.received.filter((r) => r.body.type === 'deauth');
    expect(sent).toHaveLength(1);
    expect(validateModel('DeauthEvent', sent[0]?.body).errors).toEqual([]);
    expect(sent[0]?.body.user).toMatchObject({ user_id: alice, reference_id: aliceRef, active: false });

    const gone = await rowsReferencing(db, { ...needles, deauth: [deauth.id, deauth.traceId] });
    expect(gone.alice).toEqual({ 'public.audit_log': (held.alice['public.audit_log'] ?? 0) + 1 });
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, alice), eq(auditLog.action, 'connection.deauthenticated')));
    expect(entry?.after).toMatchObject({ erased: { events: expect.any(Number), payloads: expect.any(Number) } });
    expect(gone.deauth).toEqual({});
    for (const other of ['bob', 'carol', 'dave'] as const) expect(gone[other]).toEqual(held[other]);
    expectOnlyTheirRowsGone(before, await tableCounts(db), held.alice, gone.alice);
    const [adjusted] = await db.select().from(backfills).where(eq(backfills.id, pending.id));
    const alicesPending = partsTotal / 3; // one part per user and month, three users
    expect(adjusted).toMatchObject({ status: 'queued', partsTotal: partsTotal - alicesPending, partsDone: 0 });

    // The same verb over REST (`DELETE /v2/auth/deauthenticateUser`): bob goes the same way.
    const beforeBob = await tableCounts(db);
    const answer = await callRoute(db, deleteDeauthenticateUser, { query: { user_id: bob }, headers: a.headers });
    expect(answer).toMatchObject({ status: 200, json: { status: 'success' } });
    expect(await deliverPending(db)).toBe(2);
    const afterBob = await rowsReferencing(db, needles);
    expect(Object.keys(afterBob.bob)).toEqual(['public.audit_log']);
    for (const other of ['carol', 'dave'] as const) expect(afterBob[other]).toEqual(held[other]);
    expectOnlyTheirRowsGone(beforeBob, await tableCounts(db), gone.bob, afterBob.bob);
    expect(
      await db
        .select()
        .from(inboxMessages)
        .where(sql`${inboxMessages.body} like ${`%${bob}%`}`),
    ).toEqual([]);
  }, 480_000);

  it('keeps a deauth event with nowhere to go for no time, and one its disabled destination holds 30 days', async () => {
    const { db } = database;
    const { owner } = await accountWithOwner(db);
    await enableCardiomood(owner, simulator.sim, 6000);
    const lone = (await connectUser(db, owner, 'user1', 'lone')).userId;
    await deauthenticateUser({ ctx: owner, input: { userId: lone } });
    expect((await rowsReferencing(db, { lone: [lone] })).lone).toEqual({ 'public.audit_log': 1 });

    const hook = await webhookReceiver(owner);
    receivers.push(hook);
    const [destination] = await db.select().from(destinations).where(eq(destinations.accountId, owner.account.id));
    const stuck = (await connectUser(db, owner, 'user2', 'stuck')).userId;
    await deauthenticateUser({ ctx: owner, input: { userId: stuck } });
    await setDestinationStatus({ ctx: owner, input: { destinationId: destination?.id ?? '', enabled: false } });
    expect(await deliverPending(db)).toBeGreaterThanOrEqual(1); // skipped: the destination is disabled
    expect(await purgeDeauthEvents(db)).toBe(0);
    expect((await rowsReferencing(db, { stuck: [stuck] })).stuck['public.events']).toBe(1);
    expect(await purgeDeauthEvents(db, { now: new Date(Date.now() + 31 * 86_400_000) })).toBe(1);
    expect((await rowsReferencing(db, { stuck: [stuck] })).stuck).toEqual({ 'public.audit_log': 1 });
  }, 60_000);
});
