import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloads } from '@/db/schema';
import type { Ctx } from '../context';
import { accountWithOwner, connectionFor, memberWithRole } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { examplePayload } from './example-payloads';
import { payloadCoverage } from './payload-coverage';
import { recentPayloads } from './recent-payloads';
import { storedPayload } from './stored-payload';
import { upsertPayload } from './upsert-payload';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

type Daily = { metadata: Record<string, unknown>; heart_rate_data: unknown; scores?: unknown };
const exampleDaily = examplePayload('daily').payload as Daily;

/** Stores a daily payload (the real normalizer's example, changed by `change`) for `userId` on `day`. */
async function storeDaily(ctx: Ctx, userId: string, day: string, change: (p: Daily) => Daily = (p) => p) {
  const payload = change(structuredClone(exampleDaily));
  return upsertPayload(ctx, {
    userId,
    type: 'daily',
    naturalKey: day,
    day,
    startTime: `${day}T00:00:00Z`,
    payload,
    rawRecordIds: [],
    dropped: {},
  });
}

const field = (coverage: Awaited<ReturnType<typeof payloadCoverage>>, path: string) =>
  coverage.fields.find((f) => f.path === path);

describe('field coverage', () => {
  it("is the share of the account's recent payloads filling each field, and marks what CardioMood never gives", async () => {
    const { owner } = await accountWithOwner(database.db);
    const alice = await connectionFor(owner, { referenceId: 'alice' });
    const bob = await connectionFor(owner, { referenceId: 'bob' });
    await storeDaily(owner, alice.id, '2024-03-01');
    await storeDaily(owner, alice.id, '2024-03-02', (p) => ({ ...p, heart_rate_data: null }));
    await storeDaily(owner, bob.id, '2024-03-01');
    await storeDaily(owner, bob.id, '2024-03-02', (p) => ({ ...p, heart_rate_data: null }));

    // Another account's payloads fill a field CardioMood never gives: it must not count here.
    const other = await accountWithOwner(database.db);
    const carol = await connectionFor(other.owner);
    await storeDaily(other.owner, carol.id, '2024-03-01', (p) => ({ ...p, scores: { sleep: 80 } }));

    const viewer = await memberWithRole(owner, 'viewer');
    const coverage = await payloadCoverage({ ctx: viewer, input: { type: 'daily' } });
    expect(coverage.payloads).toBe(4);
    expect(field(coverage, 'metadata.start_time')).toMatchObject({ filledIn: 4, share: 1, neverProvided: false });
    expect(field(coverage, 'heart_rate_data.summary.avg_hr_bpm')).toMatchObject({
      filledIn: 2,
      share: 0.5,
      unit: 'bpm',
      inExample: true,
      neverProvided: false,
    });
    expect(field(coverage, 'heart_rate_data.detailed.hr_samples[].bpm')).toMatchObject({ filledIn: 2 });
    expect(field(coverage, 'scores.sleep')).toMatchObject({ filledIn: 0, share: 0, neverProvided: true });
    expect(field(coverage, 'MET_data')).toMatchObject({ inExample: false, neverProvided: true });

    const elsewhere = await payloadCoverage({ ctx: other.owner, input: { type: 'daily' } });
    expect(field(elsewhere, 'scores.sleep')).toMatchObject({ filledIn: 1, share: 1, neverProvided: false });
  });

  it('looks at the latest payloads only, and says so when there are none', async () => {
    const { owner } = await accountWithOwner(database.db);
    const user = await connectionFor(owner);
    await storeDaily(owner, user.id, '2024-03-01');
    await storeDaily(owner, user.id, '2024-03-02', (p) => ({ ...p, heart_rate_data: null }));
    const latest = await payloadCoverage({ ctx: owner, input: { type: 'daily', recent: 1 } });
    expect(latest.payloads).toBe(1);
    expect(field(latest, 'heart_rate_data')).toMatchObject({ filledIn: 0, share: 0, neverProvided: false });

    const none = await payloadCoverage({ ctx: owner, input: { type: 'sleep' } });
    expect(none.payloads).toBe(0);
    expect(field(none, 'sleep_durations_data.asleep.duration_asleep_state_seconds')).toMatchObject({
      share: null,
      inExample: true,
      neverProvided: false,
    });
  });

  it('measures payloads stored before their paths were kept, 25 a call, and keeps the paths', async () => {
    const { owner } = await accountWithOwner(database.db);
    const user = await connectionFor(owner);
    for (let day = 1; day <= 30; day++) await storeDaily(owner, user.id, `2024-01-${String(day).padStart(2, '0')}`);
    await database.db.update(payloads).set({ filledFields: null }).where(eq(payloads.accountId, owner.account.id));
    const first = await payloadCoverage({ ctx: owner, input: { type: 'daily' } });
    expect(first).toMatchObject({ payloads: 25, notYetMeasured: 5 });
    expect(field(first, 'metadata.start_time')).toMatchObject({ filledIn: 25, share: 1 });
    const second = await payloadCoverage({ ctx: owner, input: { type: 'daily' } });
    expect(second).toMatchObject({ payloads: 30, notYetMeasured: 0 });
    expect(field(second, 'metadata.start_time')).toMatchObject({ filledIn: 30, share: 1 });
  });

  it('fills the paths of payloads stored before they were kept, once', async () => {
    const { owner } = await accountWithOwner(database.db);
    const user = await connectionFor(owner);
    const { id } = await storeDaily(owner, user.id, '2024-03-01');
    const stored = async () => (await database.db.select().from(payloads).where(eq(payloads.id, id)))[0]?.filledFields;
    const written = await stored();
    expect(written).toContain('heart_rate_data.summary.avg_hr_bpm');
    await database.db.update(payloads).set({ filledFields: null }).where(eq(payloads.id, id));

    const coverage = await payloadCoverage({ ctx: owner, input: { type: 'daily' } });
    expect(field(coverage, 'heart_rate_data.summary.avg_hr_bpm')).toMatchObject({ filledIn: 1, share: 1 });
    expect(await stored()).toEqual(written);
  });

  it('refuses a type it does not know with a readable message', async () => {
    const { owner } = await accountWithOwner(database.db);
    await expect(payloadCoverage({ ctx: owner, input: { type: 'nutrition' as 'daily' } })).rejects.toThrow(
      'Choose a data type: activity, body, daily, sleep or athlete.',
    );
    await expect(payloadCoverage({ ctx: owner, input: { type: 'daily', recent: 0 } })).rejects.toThrow(/recent/);
  });
});

describe('recent and stored payloads', () => {
  it("list the account's latest payloads of a type, newest first, and open one; another account's is not found", async () => {
    const { owner } = await accountWithOwner(database.db);
    const user = await connectionFor(owner, { referenceId: 'dana' });
    for (const day of ['2024-03-01', '2024-03-02', '2024-03-03']) await storeDaily(owner, user.id, day);
    const other = await accountWithOwner(database.db);
    const theirs = await storeDaily(other.owner, (await connectionFor(other.owner)).id, '2024-03-04');

    const { hasUsers, payloads: listed } = await recentPayloads({ ctx: owner, input: { type: 'daily', limit: 2 } });
    expect(hasUsers).toBe(true);
    expect(listed.map((p) => p.naturalKey)).toEqual(['2024-03-03', '2024-03-02']);
    expect(listed[0]).toMatchObject({ userId: user.id, referenceId: 'dana', day: '2024-03-03' });
    expect(listed[0]?.bytes).toBeGreaterThan(10_000);
    expect(await recentPayloads({ ctx: owner, input: { type: 'sleep' } })).toEqual({ hasUsers: true, payloads: [] });
    const empty = await accountWithOwner(database.db);
    expect(await recentPayloads({ ctx: empty.owner, input: { type: 'daily' } })).toEqual({
      hasUsers: false,
      payloads: [],
    });

    const opened = await storedPayload({ ctx: owner, input: { payloadId: listed[0]?.id ?? '' } });
    expect(opened.payload).toEqual(exampleDaily);
    await expect(storedPayload({ ctx: owner, input: { payloadId: theirs.id } })).rejects.toThrow(
      'No such payload in this account.',
    );
    await expect(storedPayload({ ctx: owner, input: { payloadId: 'nope' } })).rejects.toThrow(
      'No such payload in this account.',
    );
  });
});
