import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAccount, callRoute } from '../testing/api';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { createTestDatabase } from '../testing/test-database';
import { inputJsonSchema } from './openapi/build-document';
import type { RouteDefinition } from './route';
import { routes } from './routes';

/** Runs per route; FUZZ_RUNS raises it for a longer hunt. */
const runs = Number(process.env.FUZZ_RUNS ?? 60);

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: Awaited<ReturnType<typeof connectorSimulator>>;
let api: Awaited<ReturnType<typeof apiAccount>>;
let userId = '';

beforeAll(async () => {
  database = await createTestDatabase();
  simulator = await connectorSimulator();
  api = await apiAccount(database.db);
  await enableCardiomood(api.owner, simulator.sim);
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
  );
  const params = fc.record({ user_id: tricky });
  return fc.record({ query, body, params, authenticated: fc.integer({ min: 0, max: 9 }).map((n) => n > 0) });
}

describe('random requests at every registered endpoint', () => {
  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s never answers 5xx, and every error body is well formed',
    async (_, route) => {
      // A fresh connection each time: an earlier route (deauthenticateUser) may have removed it.
      userId = (await connectUser(database.db, api.owner, 'user2', 'fuzz-user')).userId;
      await fc.assert(
        fc.asyncProperty(requestFor(route), async ({ authenticated, query, body, params }) => {
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
          expect(answer.status, where).toBeLessThan(500);
          // format=fhir|csv|fit (a Heartbridge extension) answers a FHIR Bundle, CSV or a FIT file.
          const json = /json/.test(answer.headers.get('content-type') ?? '');
          if (answer.status !== 200 || json) expect(answer.json, where).toBeDefined();
          if (answer.status === 401) expect(answer.json, where).toEqual({ message: 'unauthorized' });
          else if (answer.status >= 400) {
            expect(answer.json, where).toMatchObject({ status: 'error', message: expect.stringMatching(/\S/) });
          }
          if (route.auth === 'api_key' && !authenticated) expect(answer.status, where).toBe(401);
        }),
        { numRuns: runs },
      );
    },
    120_000,
  );
});
