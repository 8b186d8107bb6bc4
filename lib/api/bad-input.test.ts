import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAccount, callRoute, exampleCall, type RouteCall, takesUserId } from '../testing/api';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { databaseDigest } from '../testing/database-digest';
import { createTestDatabase } from '../testing/test-database';
import type { RouteDefinition } from './route';
import { routes } from './routes';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: Awaited<ReturnType<typeof connectorSimulator>>;
let api: Awaited<ReturnType<typeof apiAccount>>;
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  simulator = await connectorSimulator();
  api = await apiAccount(database.db);
  await enableCardiomood(api.owner, simulator.sim);
  userId = (await connectUser(database.db, api.owner, 'user4', 'bad-input-user')).userId;
});
afterAll(async () => {
  await simulator.sim.close();
  await database.destroy();
});

/** Every row of every table: any write shows up here. */
const fingerprint = () => databaseDigest(database.db);

const route = (method: string, path: string): RouteDefinition => {
  const found = routes.find((r) => r.method === method && r.path === path);
  if (!found) throw new Error(`no route ${method} ${path}`);
  return found;
};

const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
const long = 'x'.repeat(201);

/** [route, request, the parameter the 400 must name]; `$USER_ID` is a real user of the account. */
const table: [string, string, RouteCall, string][] = [
  ['GET', '/v2/userInfo', { query: { user_id: 'abc' } }, 'user_id'],
  ['GET', '/v2/userInfo', { query: { user_id: '12345678901234567890' } }, 'user_id'],
  ['GET', '/v2/userInfo', { query: { user_id: '00000000-0000-0000-0000-00000000000g' } }, 'user_id'],
  ['GET', '/v2/userInfo', { query: {} }, 'user_id'],
  ['GET', '/v2/userInfo', { query: { reference_id: long } }, 'reference_id'],
  ['GET', '/v2/userInfo', { query: { reference_id: 'a\u0000b' } }, 'reference_id'],
  [
    'PATCH',
    '/v2/users/{user_id}',
    { params: { user_id: '$USER_ID' }, body: { reference_id: '\u0000' } },
    'reference_id',
  ],
  ['POST', '/v2/auth/generateWidgetSession', { body: { language: 'en\u0000' } }, 'language'],
  ...['0', '1001', '100000', '-5', 'abc', '1e3', '99999999999999999999', ''].map(
    (v) =>
      ['GET', '/v2/subscriptions', { query: { page: '0', per_page: v } }, 'per_page'] as [
        string,
        string,
        RouteCall,
        string,
      ],
  ),
  ...['-1', 'x', '1.5', '99999999999999999999'].map(
    (v) => ['GET', '/v2/subscriptions', { query: { page: v } }, 'page'] as [string, string, RouteCall, string],
  ),
  ['POST', '/v2/bulkUserInfo', { body: {} }, 'body'],
  ['POST', '/v2/bulkUserInfo', { body: 'not json' }, 'body'],
  ['POST', '/v2/bulkUserInfo', { body: [1] }, 'body[0]'],
  ['POST', '/v2/bulkUserInfo', { body: ['$USER_ID', 'x'] }, 'body[1]'],
  ['POST', '/v2/bulkUserInfo', { body: ids(1001) }, 'body'],
  ['POST', '/v2/bulkUserInfo', { body: [`${'a'.repeat(1_000_001)}`] }, 'body'],
  ['PATCH', '/v2/users/{user_id}', { params: { user_id: 'nope' }, body: { active: false } }, 'user_id'],
  ['PATCH', '/v2/users/{user_id}', { params: { user_id: '$USER_ID' }, body: { active: 'yes' } }, 'active'],
  ['PATCH', '/v2/users/{user_id}', { params: { user_id: '$USER_ID' }, body: { active: 1 } }, 'active'],
  ['PATCH', '/v2/users/{user_id}', { params: { user_id: '$USER_ID' }, body: { reference_id: 5 } }, 'reference_id'],
  ['PATCH', '/v2/users/{user_id}', { params: { user_id: '$USER_ID' }, body: { reference_id: long } }, 'reference_id'],
  ['PATCH', '/v2/users/{user_id}', { params: { user_id: '$USER_ID' }, body: [] }, 'body'],
  ['PATCH', '/v2/users/{user_id}', { params: { user_id: '$USER_ID' }, body: 'true' }, 'body'],
  ['PATCH', '/v2/users/{user_id}', { params: { user_id: '$USER_ID' }, body: '{"active": false' }, 'body'],
  ['DELETE', '/v2/auth/deauthenticateUser', { query: {} }, 'user_id'],
  ['DELETE', '/v2/auth/deauthenticateUser', { query: { user_id: 'x' } }, 'user_id'],
  ['POST', '/v2/auth/authenticateUser', { body: {} }, 'resource'],
  ['POST', '/v2/auth/authenticateUser', { query: { resource: 'FITBIT' }, body: {} }, 'resource'],
  [
    'POST',
    '/v2/auth/authenticateUser',
    { query: { resource: 'CARDIOMOOD' }, body: { reference_id: 5 } },
    'reference_id',
  ],
  [
    'POST',
    '/v2/auth/authenticateUser',
    { query: { resource: 'CARDIOMOOD' }, body: { auth_success_redirect_url: 'javascript:alert(1)' } },
    'auth_success_redirect_url',
  ],
  ['POST', '/v2/auth/generateWidgetSession', { body: { providers: 5 } }, 'providers'],
  ['POST', '/v2/auth/generateWidgetSession', { body: { providers: 'FITBIT' } }, 'providers'],
  [
    'POST',
    '/v2/auth/generateWidgetSession',
    { body: { auth_failure_redirect_url: 'file:///etc/passwd' } },
    'auth_failure_redirect_url',
  ],
  ['POST', '/v2/auth/generateWidgetSession', { body: [] }, 'body'],
  // Found by the fuzz: a 20 KB body nested 10,000 deep overflowed the stack (500); a lone surrogate
  // was stored altered; a redirect URL with a user name sends people to the host after the @.
  ['POST', '/v2/bulkUserInfo', { body: `${'['.repeat(10_000)}${']'.repeat(10_000)}` }, `body${'[0]'.repeat(32)}`],
  [
    'PATCH',
    '/v2/users/{user_id}',
    { params: { user_id: '$USER_ID' }, body: '{"reference_id":"\\ud800"}' },
    'reference_id',
  ],
  [
    'POST',
    '/v2/auth/generateWidgetSession',
    { body: { auth_success_redirect_url: 'https://app.example@evil.example/' } },
    'auth_success_redirect_url',
  ],
  ['GET', '/v2/integrations/detailed', { query: { sdk: 'maybe' } }, 'sdk'],
  ...(
    [
      ['/v2/daily', { format: 'xml' }],
      ['/v2/daily', { format: 'FHIR' }],
      ['/v2/sleep', { format: 'fit' }],
      ['/v2/activity', { format: 'fhir', to_webhook: 'true' }],
    ] as const
  ).map(
    ([path, extra]) =>
      [
        'GET',
        path,
        { query: { user_id: '$USER_ID', start_date: '2024-03-01', end_date: '2024-03-02', ...extra } },
        'format',
      ] as [string, string, RouteCall, string],
  ),
];

async function expectRejected(target: RouteDefinition, call: RouteCall, parameter: string) {
  const filled = JSON.parse(JSON.stringify(call).replaceAll('$USER_ID', userId)) as RouteCall;
  const before = await fingerprint();
  const answer = await callRoute(database.db, target, { ...filled, headers: api.headers });
  expect(answer.status, answer.text).toBe(400);
  expect(answer.json).toEqual({ status: 'error', message: expect.any(String) });
  const { message } = answer.json as { message: string };
  expect(message.startsWith(`${parameter}:`) || message.startsWith(`${parameter} `), message).toBe(true);
  expect(await fingerprint()).toEqual(before);
}

describe('bad input gets a 400 naming the parameter, and writes nothing', () => {
  it('(the fingerprint notices a write)', async () => {
    const before = await fingerprint();
    const patch = route('PATCH', '/v2/users/{user_id}');
    const answer = await callRoute(database.db, patch, {
      params: { user_id: userId },
      body: { reference_id: 'renamed' },
      headers: api.headers,
    });
    expect(answer.status).toBe(200);
    expect(await fingerprint()).not.toEqual(before);
  });

  it.each(
    table.map(([m, p, call, name]) => [`${m} ${p} ${JSON.stringify(call).slice(0, 90)}`, m, p, call, name] as const),
  )('%s', async (_, method, path, call, parameter) => expectRejected(route(method, path), call, parameter));

  const userRoutes = routes.filter(takesUserId);
  it.each(userRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: a user_id that is not a UUID',
    async (_, target) => {
      for (const bad of ['not-a-uuid', '123', '12345678901234567890', `${userId}x`]) {
        await expectRejected(target, exampleCall(target, bad), 'user_id');
      }
    },
  );
});
