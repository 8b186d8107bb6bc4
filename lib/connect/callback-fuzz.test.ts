import { and, eq, gt, isNull } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connections, oauthStates } from '@/db/schema';
import type { Ctx } from '../context';
import { signInByHttp } from '../providers/cardiomood/simulator/sign-in';
import { apiAccount } from '../testing/api';
import { connectorSimulator, enableCardiomood } from '../testing/connector';
import { databaseDigest } from '../testing/database-digest';
import { createTestDatabase } from '../testing/test-database';
import { completeAuthorization } from './complete-authorization';
import { hashState, startAuthorization } from './start-authorization';
import { widgetCallbackRoute } from './widget-routes';

/** Callbacks tried; FUZZ_RUNS raises it for a longer hunt. */
const runs = Number(process.env.FUZZ_RUNS ?? 30);

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: Awaited<ReturnType<typeof connectorSimulator>>;
let a: Ctx;
let b: Ctx;

beforeAll(async () => {
  database = await createTestDatabase();
  simulator = await connectorSimulator();
  a = (await apiAccount(database.db, 'Account A')).owner;
  b = (await apiAccount(database.db, 'Account B')).owner;
  await enableCardiomood(a, simulator.sim);
  await enableCardiomood(b, simulator.sim);
});
afterAll(async () => {
  await simulator.sim.close();
  await database.destroy();
});

const urls = {
  a: { successUrl: 'https://a.example/ok', failureUrl: 'https://a.example/no' },
  b: { successUrl: 'https://b.example/ok', failureUrl: 'https://b.example/no' },
};

/** One end user's authorization, up to CardioMood's redirect back: its state, and its code or error. */
async function consent(owner: Ctx, registered: typeof urls.a, approve = true) {
  const { authUrl } = await startAuthorization(owner, { referenceId: 'fuzz', ...registered });
  const back = await signInByHttp({ authorizeUrl: authUrl, username: 'user1', approve });
  return { state: back.searchParams.get('state') ?? '', code: back.searchParams.get('code') ?? '' };
}

const evil = fc.constantFrom(
  'https://evil.example/',
  '//evil.example',
  'javascript:alert(1)',
  'https://a.example@evil.example/',
);

/** A callback query: the state honest, tampered, another account's, expired, used or absent, and the rest. */
const callbackQuery = fc.record({
  state: fc.oneof(
    { weight: 3, arbitrary: fc.constant({ kind: 'valid' as const }) },
    fc.constant({ kind: 'other account' as const }),
    fc.constant({ kind: 'expired' as const }),
    fc.constant({ kind: 'used' as const }),
    fc.record({ kind: fc.constant('flipped' as const), at: fc.nat(42), bit: fc.nat(6) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(42) }),
    fc.record({ kind: fc.constant('forged' as const), text: fc.string({ unit: 'binary', maxLength: 60 }) }),
    fc.constant({ kind: 'missing' as const }),
    fc.constant({ kind: 'sent twice, a forged one first' as const }),
  ),
  code: fc.constantFrom('real', "another session's", 'forged', 'missing'),
  error: fc.option(
    fc.oneof(
      fc.constantFrom('access_denied', '\u0000', `${'a'.repeat(99)}😀`, '<script>alert(1)</script>', '"\\'),
      fc.string({ unit: 'binary', maxLength: 300 }),
    ),
  ),
  description: fc.option(fc.string({ unit: 'binary', maxLength: 100 })),
  extras: fc.array(
    fc.tuple(fc.constantFrom('redirect_uri', 'auth_success_redirect_url', 'next', 'return_to', 'user_id'), evil),
    { maxLength: 3 },
  ),
});
type CallbackQuery = typeof callbackQuery extends fc.Arbitrary<infer T> ? T : never;

/** Builds the query string; `honest` is a fresh authorization of account A, `other` one of account B. */
async function queryFor(plan: CallbackQuery, honest: { state: string; code: string }, other: typeof honest) {
  const search = new URLSearchParams(plan.extras);
  const { state: choice } = plan;
  if (choice.kind === 'valid') search.append('state', honest.state);
  else if (choice.kind === 'other account') search.append('state', other.state);
  else if (choice.kind === 'expired' || choice.kind === 'used') {
    const old = await consent(a, urls.a);
    if (choice.kind === 'expired') {
      await database.db
        .update(oauthStates)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(oauthStates.stateHash, hashState(old.state)));
    } else await completeAuthorization(database.db, old);
    search.append('state', old.state);
  } else if (choice.kind === 'flipped') {
    const at = choice.at % honest.state.length;
    const flipped = String.fromCharCode(honest.state.charCodeAt(at) ^ (1 << choice.bit));
    search.append('state', honest.state.slice(0, at) + flipped + honest.state.slice(at + 1));
  } else if (choice.kind === 'cut') search.append('state', honest.state.slice(0, choice.at % honest.state.length));
  else if (choice.kind === 'forged') search.append('state', choice.text);
  else if (choice.kind === 'sent twice, a forged one first') {
    search.append('state', 'forged');
    search.append('state', honest.state);
  }
  const code = { real: honest.code, "another session's": other.code, forged: 'forged-code', missing: null }[plan.code];
  if (code !== null) search.append('code', code);
  if (plan.error !== null) search.append('error', plan.error);
  if (plan.description !== null) search.append('error_description', plan.description);
  return search;
}

/** The state row a callback would claim: unused and unexpired, with its account and URLs. */
async function liveState(state: string | null) {
  if (!state) return null;
  const [row] = await database.db
    .select()
    .from(oauthStates)
    .where(
      and(
        eq(oauthStates.stateHash, hashState(state)),
        isNull(oauthStates.usedAt),
        gt(oauthStates.expiresAt, new Date()),
      ),
    );
  return row ?? null;
}

/** Where a Location header leads: scheme, host and path (the query only carries Terra's parameters). */
const target = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
};

const callback = (search: URLSearchParams) =>
  widgetCallbackRoute(async () => database.db)(
    new Request(`http://localhost:3000/widget/callback/cardiomood?${search}`),
  );

// Found by this fuzz: an error holding NUL, or cut at 100 characters inside an emoji, failed the event insert.
const found: [CallbackQuery][] = ['\u0000', `${'a'.repeat(99)}😀`].map((error) => [
  { state: { kind: 'valid' }, code: 'real', error, description: null, extras: [] },
]);

describe('the OAuth callback, fuzzed', () => {
  it('redirects only to a URL registered with a live state, refuses the rest with a page and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(callbackQuery, async (plan) => {
        const honest = await consent(a, urls.a, plan.error === null);
        const other = await consent(b, urls.b);
        const search = await queryFor(plan, honest, other);
        const live = await liveState(search.get('state'));
        const before = await databaseDigest(database.db);
        const answer = await callback(search);
        const location = answer.headers.get('location');
        const where = `${search} → ${answer.status} ${location ?? (await answer.clone().text()).slice(0, 200)}`;

        expect([200, 302, 400], where).toContain(answer.status);
        if (!live) {
          // Tampered, forged, expired, used or absent: a readable page, and not one row changed.
          expect(answer.status, where).toBe(400);
          expect(answer.headers.get('content-type'), where).toContain('text/html');
          expect(await answer.text(), where).toContain('role="alert"');
          expect(await databaseDigest(database.db), where).toEqual(before);
          return;
        }
        // A live state: the answer goes to that state's own URLs, never anywhere the query names.
        expect(answer.status, where).toBe(302);
        const registered = [live.successUrl, live.failureUrl].map((u) => target(u ?? ''));
        expect(registered, where).toContain(target(location ?? ''));
        const succeeded = target(location ?? '') === target(live.successUrl ?? '');
        const connection = await database.db.select().from(connections).where(eq(connections.id, live.userId));
        expect(
          connection.map((c) => c.accountId),
          where,
        ).toEqual(succeeded ? [live.accountId] : []);
        if (succeeded) expect(new URL(location ?? '').searchParams.get('user_id'), where).toBe(live.userId);
        // Replayed, the same query is refused and changes nothing.
        const afterFirst = await databaseDigest(database.db);
        const replay = await callback(search);
        expect([replay.status, replay.headers.get('location')], where).toEqual([400, null]);
        expect(await databaseDigest(database.db), where).toEqual(afterFirst);
      }),
      { numRuns: runs, examples: found },
    );
  }, 300_000);
});
