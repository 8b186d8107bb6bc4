import { and, desc, eq, gt } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connections, events, payloads, rateBudgets, rawRecords } from '@/db/schema';
import type { Ctx } from '../context';
import { validateModel } from '../models/validate';
import { modelNameOf } from '../payloads/payload-types';
import { setCardiomoodIntegration } from '../integrations/set-integration';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { accountWithOwner } from '../testing/fixtures';
import { jsonMutation } from '../testing/json-mutations';
import { type ProxiedAnswer, rewritingProxy } from '../testing/rewriting-proxy';
import { createTestDatabase } from '../testing/test-database';
import { syncedMetrics } from './fetch-days';
import { normalizeDays } from './normalize-days';
import { syncConnection } from './sync-connection';

/** Sync runs; FUZZ_RUNS raises it for a longer hunt. */
const runs = Number(process.env.FUZZ_RUNS ?? 12);

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: Awaited<ReturnType<typeof connectorSimulator>>;
let proxy: Awaited<ReturnType<typeof rewritingProxy>>;
let owner: Ctx;
let userId = '';

beforeAll(async () => {
  database = await createTestDatabase();
  // 10:00 UTC is 04:00 for user1: most of a night, each answer well under 1 MB.
  simulator = await connectorSimulator({ start: Date.parse('2026-03-15T10:00:00Z') });
  proxy = await rewritingProxy(simulator.sim.url);
  owner = (await accountWithOwner(database.db)).owner;
  await enableCardiomood(owner, simulator.sim);
  await setCardiomoodIntegration({ ctx: owner, input: { apiBaseUrl: proxy.url } });
  userId = (await connectUser(database.db, owner, 'user1')).userId;
  expect(await sync()).toMatchObject({ status: 'synced', broken: 0 });
});
afterAll(async () => {
  await proxy.close();
  await simulator.sim.close();
  await database.destroy();
});

const sync = () => syncConnection(database.db, userId, { now: new Date(simulator.clock.now), historyDays: 0 });
const paths = ['/user-summaries', ...syncedMetrics.map((m) => `/v2/raw-metrics/${m}`)];

/** What CardioMood sends in one poll: mutated answers, and maybe one call that fails on the way. */
const poll = fc.record({
  minutes: fc.integer({ min: 1, max: 20 }),
  mutations: fc.dictionary(fc.constantFrom(...paths), jsonMutation, { minKeys: 0, maxKeys: 3 }),
  failure: fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    fc.record({ path: fc.constantFrom(...paths), answer: fc.constantFrom('cut' as const, 500, 429, 401) }),
  ),
});
type Poll = typeof poll extends fc.Arbitrary<infer T> ? T : never;

function rewriter(plan: Poll) {
  let failed = false;
  return (path: string, answer: ProxiedAnswer): ProxiedAnswer | 'cut' => {
    if (plan.failure && plan.failure.path === path && !failed) {
      failed = true; // once: a 401 is followed by a refresh and a second try, which then succeeds
      if (plan.failure.answer === 'cut') return 'cut';
      return { status: plan.failure.answer, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') };
    }
    const mutation = plan.mutations[path];
    if (!mutation || answer.status !== 200) return answer;
    const body = mutation.apply(answer.body.toString('utf8'));
    return { ...answer, body: typeof body === 'string' ? Buffer.from(body) : body };
  };
}

/** Hashes of the user's raw answers and payloads, and their last event, for before/after comparisons. */
async function snapshot() {
  const raw = await database.db
    .select({ id: rawRecords.id, source: rawRecords.source, day: rawRecords.day, hash: rawRecords.contentHash })
    .from(rawRecords)
    .where(eq(rawRecords.userId, userId));
  const stored = await database.db
    .select({
      id: payloads.id,
      type: payloads.type,
      key: payloads.naturalKey,
      day: payloads.day,
      hash: payloads.payloadHash,
    })
    .from(payloads)
    .where(eq(payloads.userId, userId));
  const [last] = await database.db
    .select({ seq: events.seq })
    .from(events)
    .where(eq(events.userId, userId))
    .orderBy(desc(events.seq))
    .limit(1);
  return {
    raw: new Map(raw.map((r) => [`${r.source} ${r.day}`, r])),
    payloads: new Map(stored.map((p) => [`${p.type} ${p.key}`, p])),
    lastEvent: last?.seq ?? 0,
  };
}

/** Normalizes the stored raw data again in a transaction rolled back: what would change, and which days break. */
async function renormalize(days: string[]) {
  const [connection] = await database.db.select().from(connections).where(eq(connections.id, userId));
  if (!connection) throw new Error('connection gone');
  const rollBack = new Error('roll back');
  let result: Awaited<ReturnType<typeof normalizeDays>> | undefined;
  await database.db
    .transaction(async (tx) => {
      const ctx: Ctx = { ...owner, db: tx as unknown as Ctx['db'], inTransaction: true };
      result = await normalizeDays(ctx, connection, days, { emitEvents: false });
      throw rollBack;
    })
    .catch((error: unknown) => {
      if (error !== rollBack) throw error;
    });
  if (!result) throw new Error('normalizeDays returned nothing');
  return result;
}

/** What the connector may have kept for an answer served as `body`: the text, or each summary element. */
function keepable(path: string, body: Buffer): string[] {
  const text = new TextDecoder().decode(body);
  if (path !== '/user-summaries') return [text];
  try {
    const page = JSON.parse(text) as { data?: unknown };
    return Array.isArray(page.data) ? page.data.map((element) => JSON.stringify(element)) : [];
  } catch {
    return [];
  }
}

describe('CardioMood answers, mutated on the way, through fetch, raw store and normalizer', () => {
  it('never crash a sync, keep raw answers verbatim and whole days only, and make only valid payloads', async () => {
    // Regressions: a day whose raw metrics failed was kept half and never normalized; a 401 just after
    // a token refresh refreshed again with the rotated-out refresh token, and the user looked revoked.
    const failedPoll: Poll = { minutes: 5, mutations: {}, failure: { path: '/v2/raw-metrics/sleep', answer: 'cut' } };
    const tokenExpired: Poll = { minutes: 60, mutations: {}, failure: null };
    const refreshThen401: Poll = { minutes: 60, mutations: {}, failure: { path: '/user-summaries', answer: 401 } };
    let normalized = 0;
    await fc.assert(
      fc.asyncProperty(poll, async (plan) => {
        simulator.clock.now += plan.minutes * 60_000;
        const before = await snapshot();
        proxy.reset(rewriter(plan));
        const outcome = await sync();
        const served = [...proxy.served];
        proxy.reset();
        await database.db.delete(rateBudgets); // a 429 holds the client app back a minute: not what is tested here
        const after = await snapshot();
        const where = JSON.stringify({ outcome, plan: { ...plan, mutations: Object.keys(plan.mutations) } });

        expect(['synced', 'failed'], where).toContain(outcome.status);
        // Every raw answer kept is one served now, byte for byte (summaries: their day's element), or the old one.
        const newRaw = [...after.raw.values()].filter((r) => before.raw.get(`${r.source} ${r.day}`)?.hash !== r.hash);
        for (const row of newRaw) {
          const [{ body } = { body: '' }] = await database.db
            .select({ body: rawRecords.body })
            .from(rawRecords)
            .where(eq(rawRecords.id, row.id));
          const path = row.source === 'user-summaries' ? '/user-summaries' : `/v2/${row.source}`;
          const candidates = served.filter((s) => s.path === path).flatMap((s) => keepable(s.path, s.body));
          expect(candidates, `${where}: ${row.source} ${row.day} is not what was served`).toContain(body);
        }
        // A failed poll keeps nothing of the day it was fetching, so that the next poll asks for it again.
        if (outcome.status === 'failed') expect(newRaw, where).toEqual([]);
        if (!newRaw.length) return;
        normalized += 1;
        // Payloads are what the kept raw data normalizes to, except on broken days, whose payloads stay untouched.
        const again = await renormalize([...new Set(newRaw.map((r) => r.day))]);
        expect(again.changedPayloads, where).toBe(0);
        for (const { date } of again.broken) {
          for (const [key, payload] of after.payloads) {
            if (payload.day === date) expect(payload.hash, `${where}: ${key}`).toBe(before.payloads.get(key)?.hash);
          }
        }
        const brokenNow = again.broken.filter(
          (b) => outcome.status === 'synced' && outcome.changedDays.includes(b.date),
        );
        if (brokenNow.length) {
          const [connection] = await database.db.select().from(connections).where(eq(connections.id, userId));
          for (const { date } of brokenNow) expect(connection?.lastError ?? '', where).toContain(date);
        }
        // Every payload made now, and every data event, is valid against Terra's schemas.
        const changed = [...after.payloads.values()].filter(
          (p) => before.payloads.get(`${p.type} ${p.key}`)?.hash !== p.hash,
        );
        for (const { id } of changed) {
          const [payload] = await database.db.select().from(payloads).where(eq(payloads.id, id));
          if (payload) expect(validateModel(modelNameOf[payload.type], payload.payload).errors, where).toEqual([]);
        }
        const emitted = await database.db
          .select()
          .from(events)
          .where(and(eq(events.userId, userId), gt(events.seq, before.lastEvent)));
        for (const event of emitted) {
          const type = event.type as keyof typeof modelNameOf;
          if (type in modelNameOf) expect(validateModel(`${modelNameOf[type]}Event`, event.body).errors).toEqual([]);
        }
      }),
      { numRuns: runs, examples: [[failedPoll], [tokenExpired], [refreshThen401]], endOnFailure: true },
    );
    // Most mutations must reach the normalizer, or this would test the JSON parser only.
    expect(normalized).toBeGreaterThan(runs / 4);
  }, 300_000);
});
