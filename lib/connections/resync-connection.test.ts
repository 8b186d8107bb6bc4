import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, connections } from '@/db/schema';
import type { MemberCtx } from '../context';
import { setCardiomoodIntegration } from '../integrations/set-integration';
import { duePolls } from '../jobs/due-polls';
import { enableCardiomood } from '../testing/connector';
import { accountWithOwner, connectionFor, memberWithRole } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { startSimulator } from '../providers/cardiomood/simulator/server';
import { resyncConnection } from './resync-connection';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let sim: Awaited<ReturnType<typeof startSimulator>>;
beforeAll(async () => {
  database = await createTestDatabase();
  sim = await startSimulator({ accounts: 1, clients: [] });
});
afterAll(async () => {
  await sim.close();
  await database.destroy();
});

const later = new Date(Date.now() + 3_600_000);

async function polledUser() {
  const { owner } = await accountWithOwner(database.db);
  await enableCardiomood(owner, sim);
  const user = await connectionFor(owner, { nextPollAt: later, lastPollAt: new Date(Date.now() - 60_000) });
  return { owner: owner as MemberCtx, user };
}

const resyncAudits = (userId: string) =>
  database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, userId), eq(auditLog.action, 'connection.resync_requested')));

const nextPoll = async (userId: string) =>
  (await database.db.select().from(connections).where(eq(connections.id, userId)))[0]?.nextPollAt;

describe('resync now', () => {
  it('makes the poll due at once, so the scheduler’s next tick picks the user up, and is audited', async () => {
    const { owner, user } = await polledUser();
    const now = new Date();
    expect(await duePolls(database.db, now, 10_000)).not.toContain(user.id);
    const support = await memberWithRole(owner, 'support');
    expect(await resyncConnection({ ctx: support, input: { userId: user.id }, now })).toEqual({
      userId: user.id,
      nextPollAt: now,
    });
    expect(await nextPoll(user.id)).toEqual(now);
    expect(await duePolls(database.db, now, 10_000)).toContain(user.id);
    const [audit] = await resyncAudits(user.id);
    expect(audit).toMatchObject({ actor: support.actor.email, after: { next_poll_at: now.toISOString() } });
  });

  it('is refused to a viewer, for another account’s or an unknown user, and writes nothing', async () => {
    const { owner, user } = await polledUser();
    const viewer = await memberWithRole(owner, 'viewer');
    await expect(resyncConnection({ ctx: viewer, input: { userId: user.id } })).rejects.toMatchObject({
      kind: 'forbidden',
      message: 'Your role (viewer) is not allowed to resync, backfill or deauthenticate users.',
    });
    const other = await polledUser();
    for (const userId of [user.id, 'not-a-uuid', crypto.randomUUID()]) {
      await expect(resyncConnection({ ctx: other.owner, input: { userId } })).rejects.toMatchObject({
        kind: 'not_found',
        message: 'No such user in this account.',
      });
    }
    expect(await nextPoll(user.id)).toEqual(later);
    expect(await resyncAudits(user.id)).toEqual([]);
  });

  it('explains why no poll can run: a revoked user, or CardioMood disabled', async () => {
    const { owner, user } = await polledUser();
    await database.db.update(connections).set({ status: 'inactive' }).where(eq(connections.id, user.id));
    await expect(resyncConnection({ ctx: owner, input: { userId: user.id } })).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('must connect again'),
    });
    const second = await connectionFor(owner, { nextPollAt: later });
    await setCardiomoodIntegration({ ctx: owner, input: { enabled: false } });
    await expect(resyncConnection({ ctx: owner, input: { userId: second.id } })).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('CardioMood is disabled'),
    });
    expect(await nextPoll(second.id)).toEqual(later);
  });
});
