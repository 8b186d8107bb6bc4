import { and, eq, ne } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connections, deliveries, events } from '@/db/schema';
import type { Ctx } from '../context';
import { addDestination } from '../destinations/add-destination';
import { startBoss } from '../jobs/boss';
import { startDeliveryDispatcher } from '../jobs/delivery-dispatcher';
import { setCardiomoodIntegration } from '../integrations/set-integration';
import { duePolls } from '../jobs/due-polls';
import type { SyncOutcome } from '../ingest/sync-connection';
import type { Faults } from '../providers/cardiomood/simulator/faults';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { type CountingReceiver, startCountingReceiver } from '../testing/counting-receiver';
import { countDeliveries, reportFaultCase, sized, waitFor } from '../testing/fault-report';
import { accountWithOwner } from '../testing/fixtures';
import {
  compareWithReference,
  payloadsNeverDelivered,
  pollWhenDue,
  repeatedPayloadEvents,
  storedData,
} from '../testing/sync-scenario';
import { createTestDatabase } from '../testing/test-database';

// CardioMood misbehaving under real syncs (the simulator's fault switches), polled as the scheduler
// would on the simulator's clock, delivered by the dispatcher to a loopback receiver. After the fault
// clears, the user's raw answers and payloads must equal those of a faultless sync at the same instant,
// and every payload must have reached the receiver.
// The client's timeout is 20 s; the timeout case shortens it so that a slow answer costs seconds, not minutes.
const apiTimeoutMs = 3_000;
const lookbackDays = sized(1, 2);
const clean: Partial<Faults> = {
  errorRate: 0,
  latencyMs: 0,
  malformedRate: 0,
  truncatedRate: 0,
  rateLimitStorm: false,
};
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: Awaited<ReturnType<typeof connectorSimulator>>;
let boss: PgBoss;
let dispatcher: Awaited<ReturnType<typeof startDeliveryDispatcher>>;
const receivers: CountingReceiver[] = [];
beforeAll(async () => {
  process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
  database = await createTestDatabase();
  simulator = await connectorSimulator({ accounts: 8, start: Date.now() });
  boss = await startBoss(database);
  dispatcher = await startDeliveryDispatcher(database, boss);
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await dispatcher.stop();
  await boss.stop({ graceful: false, wait: true });
  await simulator.sim.close();
  await database.destroy();
});

/** A new account with CardioMood on the simulator, a webhook to a counting receiver, and `username` connected. */
async function connected(username: string) {
  const { owner } = await accountWithOwner(database.db);
  await enableCardiomood(owner, simulator.sim);
  await setCardiomoodIntegration({ ctx: owner, input: { lookbackDays } });
  const receiver = await startCountingReceiver();
  receivers.push(receiver);
  const destination = await addDestination({ ctx: owner, input: { kind: 'webhook', url: receiver.url } });
  const { userId } = await connectUser(database.db, owner, username);
  return { owner, userId, receiver, destinationId: destination.id };
}

const poll = (userId: string, options: { apiTimeoutMs?: number } = {}) =>
  pollWhenDue(database.db, simulator.clock, userId, options);

/** Every delivery of the account settled, then counted at its receiver. */
async function delivered(owner: Ctx, route: { destinationId: string; receiver: CountingReceiver }) {
  const settled = await waitFor(
    async () =>
      (await database.db.$count(
        deliveries,
        and(eq(deliveries.accountId, owner.account.id), ne(deliveries.status, 'delivered')),
      )) === 0,
    60_000,
    100,
  );
  expect(settled).toBe(true);
  return countDeliveries(database.db, [route]);
}

const describeOutcomes = (outcomes: SyncOutcome[]) =>
  outcomes.map((o) => (o.status === 'failed' ? o.reason : o.status)).join(', ');

describe('fault: CardioMood misbehaving during syncs', () => {
  const polls = sized(1, 5);
  it.each([
    ['a 429 storm', 'user1', { rateLimitStorm: true }],
    ['a 5xx burst (half the calls)', 'user2', { errorRate: 0.5 }],
    [
      `timeouts (answers ${apiTimeoutMs + 1000} ms late, the client waits ${apiTimeoutMs} ms)`,
      'user3',
      { latencyMs: apiTimeoutMs + 1000 },
    ],
    ['malformed bodies (a third of the answers)', 'user4', { malformedRate: 0.3 }],
    ['truncated bodies (a third of the answers)', 'user5', { truncatedRate: 0.3 }],
  ] as const)(
    '%s: nothing half-kept, and the connection catches up once it clears',
    async (name, username, faults) => {
      const user = await connected(username);
      const timeout = 'latencyMs' in faults ? { apiTimeoutMs } : {};
      simulator.sim.admin.setFaults(faults);
      const outcomes: SyncOutcome[] = [];
      // The fault clears right after a failed poll: the next poll waits for the retry schedule.
      try {
        for (let i = 0; i < 4 * polls && outcomes.filter((o) => o.status === 'failed').length < polls; i++) {
          outcomes.push((await poll(user.userId, timeout)).outcome);
        }
        while (outcomes.at(-1)?.status !== 'failed' && outcomes.length < 8 * polls) {
          outcomes.push((await poll(user.userId, timeout)).outcome);
        }
      } finally {
        simulator.sim.admin.setFaults(clean);
      }
      const failed = outcomes.filter((o) => o.status === 'failed').length;
      const recovery = await poll(user.userId, timeout);
      expect(recovery.outcome).toMatchObject({ status: 'synced', broken: 0 });
      const [connection] = await database.db
        .select({ lastError: connections.lastError })
        .from(connections)
        .where(eq(connections.id, user.userId));
      expect(connection?.lastError).toBeNull();

      // A faultless sync of the same CardioMood user, at the same instant, in another account.
      const reference = await connected(username);
      expect((await poll(reference.userId)).outcome).toMatchObject({ status: 'synced', broken: 0 });
      const kept = await storedData(database.db, user.userId);
      const expected = await storedData(database.db, reference.userId);
      const compared = compareWithReference(kept, expected);
      const counts = await delivered(user.owner, user);
      const neverDelivered = payloadsNeverDelivered(expected, user.receiver);
      const repeated = await repeatedPayloadEvents(database.db, user.userId);
      reportFaultCase({
        case: `CardioMood: ${name}`,
        ...counts,
        duplicated: counts.duplicated + repeated,
        lost: counts.lost + compared.differentPayloads.length + neverDelivered.length,
        recoverySeconds: Math.round((recovery.waitedMs + recovery.tookMs) / 100) / 10,
        notes:
          `polls under the fault: ${describeOutcomes(outcomes)}; caught up at the next poll, the retry ` +
          `${recovery.waitedMs / 1000} s later; ${expected.raw.size} raw answers and ${expected.payloads.size} payloads ` +
          'as a faultless sync',
      });
      expect(failed).toBeGreaterThan(0);
      expect(compared).toEqual({ differentRaw: [], differentPayloads: [], notJson: [] });
      expect(neverDelivered).toEqual([]);
      expect(repeated).toBe(0);
      expect(counts.lost).toBe(0);
    },
    180_000,
  );

  it('expired tokens: refreshed within the poll, nothing lost', async () => {
    const user = await connected('user6');
    expect((await poll(user.userId)).outcome).toMatchObject({ status: 'synced' });
    simulator.sim.admin.expireTokens();
    const recovery = await poll(user.userId);
    expect(recovery.outcome).toMatchObject({ status: 'synced', broken: 0 });
    const reference = await connected('user6');
    expect((await poll(reference.userId)).outcome).toMatchObject({ status: 'synced', broken: 0 });
    const expected = await storedData(database.db, reference.userId);
    const compared = compareWithReference(await storedData(database.db, user.userId), expected);
    const counts = await delivered(user.owner, user);
    const neverDelivered = payloadsNeverDelivered(expected, user.receiver);
    reportFaultCase({
      case: 'CardioMood: expired tokens',
      ...counts,
      lost: counts.lost + compared.differentPayloads.length + neverDelivered.length,
      recoverySeconds: Math.round(recovery.tookMs / 100) / 10,
      notes: 'every access token expired between two polls; the next poll refreshed once and synced',
    });
    expect(compared).toEqual({ differentRaw: [], differentPayloads: [], notJson: [] });
    expect(neverDelivered).toEqual([]);
    expect(counts.lost).toBe(0);
  }, 180_000);

  it('revoked tokens: access_revoked delivered, polling stopped, stored data untouched', async () => {
    const user = await connected('user7');
    expect((await poll(user.userId)).outcome).toMatchObject({ status: 'synced' });
    const before = await storedData(database.db, user.userId);
    simulator.sim.admin.revoke('user7');
    simulator.sim.admin.expireTokens(); // the next poll must refresh, and CardioMood refuses
    expect((await poll(user.userId)).outcome).toEqual({ status: 'revoked' });
    const [connection] = await database.db
      .select({ status: connections.status })
      .from(connections)
      .where(eq(connections.id, user.userId));
    expect(connection?.status).toBe('inactive');
    const farFuture = new Date(simulator.clock.now + 30 * 86_400_000);
    expect(await duePolls(database.db, farFuture, 1000)).not.toContain(user.userId);
    expect((await poll(user.userId)).outcome).toEqual({ status: 'skipped', reason: 'connection inactive' });
    const after = await storedData(database.db, user.userId);
    const counts = await delivered(user.owner, user);
    const revokedEvents = await database.db
      .select({ traceId: events.traceId })
      .from(events)
      .where(and(eq(events.userId, user.userId), eq(events.type, 'access_revoked')));
    const arrived = new Set(user.receiver.receipts.map((r) => r.id));
    reportFaultCase({
      case: 'CardioMood: revoked tokens',
      ...counts,
      recoverySeconds: null,
      notes:
        'the user withdrew access; the refresh was refused: access_revoked delivered, connection inactive, no further poll',
    });
    expect(revokedEvents).toHaveLength(1);
    expect(arrived.has(revokedEvents[0]?.traceId ?? '')).toBe(true);
    expect(compareWithReference(after, before)).toEqual({ differentRaw: [], differentPayloads: [], notJson: [] });
    expect(counts.lost).toBe(0);
  }, 180_000);
});
