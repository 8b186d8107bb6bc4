import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../api-keys/create-api-key';
import { revokeApiKey } from '../api-keys/revoke-api-key';
import { apiAccount, callRoute, type RouteAnswer } from '../testing/api';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { databaseDigest } from '../testing/database-digest';
import { createTestDatabase } from '../testing/test-database';
import { inputJsonSchema } from './openapi/build-document';
import type { RouteDefinition } from './route';
import { routes } from './routes';

/** Runs per route and kind of garbage; FUZZ_RUNS raises it for a longer hunt. */
const runs = Number(process.env.FUZZ_RUNS ?? 30);

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: Awaited<ReturnType<typeof connectorSimulator>>;
let api: Awaited<ReturnType<typeof apiAccount>>;
let userId = '';
/** Keys that must not open the account: another account's, and a revoked one of its own. */
let wrongKeys: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  simulator = await connectorSimulator();
  api = await apiAccount(database.db);
  await enableCardiomood(api.owner, simulator.sim);
  const other = await apiAccount(database.db, 'Another account');
  const revoked = await createApiKey({ ctx: api.owner, input: { name: 'revoked' } });
  await revokeApiKey({ ctx: api.owner, input: { keyId: revoked.id } });
  wrongKeys = [other.key, revoked.key];
});
afterAll(async () => {
  await simulator.sim.close();
  await database.destroy();
});

/** The parameter names a route knows (query and path), so that most generated requests reach its parser. */
function knownNames(schema: RouteDefinition['query']): string[] {
  if (!schema) return [];
  return Object.keys((inputJsonSchema(schema) as { properties?: object }).properties ?? {});
}

/** Values that parsers get wrong: edge numbers, impossible dates, ids of every shape, odd text. */
const tricky = fc.oneof(
  fc.constantFrom(
    '',
    '0',
    '-1',
    '1.5',
    '1e3',
    '99999999999999999999',
    '2024-02-30',
    '2024-13-01',
    '2024-01-01',
    '1700000000',
    'true',
    'false',
    'null',
    '[]',
    '{}',
    'not-a-uuid',
    'fhir',
    'csv',
    'fit',
    'json',
    '00000000-0000-4000-8000-000000000000',
    '%00',
    '\u0000',
    'x'.repeat(5000),
  ),
  fc.constant('$USER'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer().map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

const withUser = (value: string) => value.replaceAll('$USER', userId);

/** JSON nested from 20 to 100,000 levels deep, as text (JSON.stringify would overflow first). */
const nested = fc
  .tuple(fc.integer({ min: 20, max: 100_000 }), fc.boolean())
  .map(([depth, objects]) =>
    objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`,
  );

function requestFor(route: RouteDefinition) {
  const names = [...knownNames(route.query), 'user_id', 'start_date', 'end_date', 'to_webhook', 'with_samples'];
  const query = fc.oneof(
    fc.dictionary(fc.constantFrom(...names), tricky, { maxKeys: 6 }),
    fc.string({ unit: 'binary', maxLength: 80 }),
  );
  const body = fc.oneof(
    fc.constant(undefined),
    fc.json({ maxDepth: 3 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.dictionary(fc.constantFrom(...knownNames(route.body), 'reference_id', 'active', 'providers'), fc.jsonValue(), {
      maxKeys: 4,
    }),
    fc.array(tricky, { maxLength: 5 }),
    fc.record(
      { reference_id: fc.string({ unit: 'binary', maxLength: 250 }), active: fc.boolean() },
      { requiredKeys: [] },
    ),
    nested,
  );
  const params = fc.record({ user_id: tricky });
  return fc.record({ query, body, params, authenticated: fc.integer({ min: 0, max: 9 }).map((n) => n > 0) });
}

/**
 * Never a 5xx; every error in Terra's body (401 `{message}`, else `{status: "error", message}`); and a
 * refused request leaves every table as it was.
 */
async function expectTerraAnswer(answer: RouteAnswer, before: Record<string, string>, where: string) {
  expect(answer.status, where).toBeLessThan(500);
  // format=fhir|csv|fit (a Heartbridge extension) answers a FHIR Bundle, CSV or a FIT file.
  const json = /json/.test(answer.headers.get('content-type') ?? '');
  if (answer.status !== 200 || json) expect(answer.json, where).toBeDefined();
  if (answer.status === 401) expect(answer.json, where).toEqual({ message: 'unauthorized' });
  else if (answer.status >= 400) {
    expect(answer.json, where).toMatchObject({ status: 'error', message: expect.stringMatching(/\S/) });
  }
  if (answer.status >= 400) expect(await databaseDigest(database.db), where).toEqual(before);
  lastDigest = answer.status >= 400 ? before : null;
}

/** The digest as the last refused request left it (nothing wrote since), or a fresh one. */
let lastDigest: Record<string, string> | null = null;
async function digestBefore() {
  lastDigest ??= await databaseDigest(database.db);
  return lastDigest;
}

describe('random requests at every registered endpoint', () => {
  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s never answers 5xx, every error body is well formed, and a refused request writes nothing',
    async (_, route) => {
      // A fresh connection each time: an earlier route (deauthenticateUser) may have removed it.
      userId = (await connectUser(database.db, api.owner, 'user2', 'fuzz-user')).userId;
      lastDigest = null;
      await fc.assert(
        fc.asyncProperty(requestFor(route), async ({ authenticated, query, body, params }) => {
          const before = await digestBefore();
          const answer = await callRoute(database.db, route, {
            query:
              typeof query === 'string'
                ? query
                : Object.fromEntries(Object.entries(query).map(([k, v]) => [k, withUser(v)])),
            body: Array.isArray(body) ? body.map((v) => (typeof v === 'string' ? withUser(v) : v)) : body,
            params: { user_id: withUser(params.user_id) },
            headers: authenticated ? api.headers : {},
          });
          const where = `${route.method} ${route.path} → ${answer.status} ${answer.text.slice(0, 200)}`;
          await expectTerraAnswer(answer, before, where);
          if (route.auth === 'api_key' && !authenticated) expect(answer.status, where).toBe(401);
        }),
        { numRuns: runs },
      );
    },
    120_000,
  );
});

/** Header text a client can send: Latin-1 without control characters (fetch refuses the rest). */
const headerText = fc.string({
  unit: fc
    .integer({ min: 0x20, max: 0xff })
    .filter((c) => c !== 0x7f)
    .map((c) => String.fromCharCode(c)),
  maxLength: 60,
});

/** One credential header: right (most often), missing, sent twice, another's, garbage, or one character off. */
function credential(right: () => string, wrong: () => string[]) {
  const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'x' ? 'y' : 'x') + text.slice(at + 1);
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant((): string[] => [right()]) },
    fc.constant((): string[] => []),
    fc.constant((): string[] => [right(), right()]),
    fc.nat().map((i) => (): string[] => [wrong()[i % wrong().length] ?? '']),
    headerText.map((text) => (): string[] => [text]),
    fc.constant((): string[] => [right().toUpperCase()]),
    fc.nat(40).map((at) => (): string[] => [flip(right(), at % right().length)]),
  );
}

const transport = fc.record({
  devId: credential(
    () => api.account.devId,
    () => ['other-dev-id', ''],
  ),
  key: credential(
    () => api.key,
    () => wrongKeys,
  ),
  contentType: fc.option(
    fc.oneof(
      fc.constantFrom(
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
      ),
      headerText,
    ),
  ),
  contentLength: fc.option(fc.constantFrom('0', '-1', 'abc', '1000001', '99999999999999999999', '1e9', ' 5')),
  contentEncoding: fc.option(fc.constantFrom('gzip', 'br', 'identity', 'x-unknown')),
  body: fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom('\ufeff{}', '{"reference_id":"\\ud800"}', '{"reference_id":"\\u0000"}', 'a=1&b=2', 'null', '[]'),
    fc.integer({ min: 1_000_001, max: 1_100_000 }).map((n) => `"${'x'.repeat(n)}"`),
    nested,
  ),
});

describe('garbage at the transport level: credentials, content type, length, encoding and bytes', () => {
  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s answers 401 to anything but the one right dev-id and key, and never 5xx or a partial write',
    async (_, route) => {
      // A user of no account: past authentication every route answers at once, without CardioMood.
      const nobody = '00000000-0000-4000-8000-000000000001';
      const query = Object.fromEntries(
        Object.entries(route.example?.query ?? {}).map(([k, v]) => [k, v.replaceAll('$USER_ID', nobody)]),
      );
      await fc.assert(
        fc.asyncProperty(transport, async (sent) => {
          const devIds = sent.devId();
          const keys = sent.key();
          const headers: Array<[string, string]> = [
            ...devIds.map((v): [string, string] => ['dev-id', v]),
            ...keys.map((v): [string, string] => ['x-api-key', v]),
          ];
          if (sent.contentType !== null) headers.push(['content-type', sent.contentType]);
          if (sent.contentLength !== null) headers.push(['content-length', sent.contentLength]);
          if (sent.contentEncoding !== null) headers.push(['content-encoding', sent.contentEncoding]);
          const before = await digestBefore();
          const answer = await callRoute(database.db, route, {
            query,
            params: { user_id: nobody },
            body: sent.body,
            headers,
          });
          const where = `${route.method} ${route.path} ${JSON.stringify(headers).slice(0, 300)} → ${answer.status} ${answer.text.slice(0, 200)}`;
          await expectTerraAnswer(answer, before, where);
          const exact = (values: string[], right: string) => values.length === 1 && values[0]?.trim() === right;
          if (route.auth === 'api_key' && !(exact(devIds, api.account.devId) && exact(keys, api.key))) {
            expect(answer.status, where).toBe(401);
          }
        }),
        { numRuns: Math.ceil(runs / 2) },
      );
    },
    120_000,
  );
});
