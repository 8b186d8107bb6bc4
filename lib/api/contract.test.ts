import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAccount, type RouteAnswer, type RouteCall, callRoute, exampleCall, takesUserId } from '../testing/api';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { connectionFor } from '../testing/fixtures';
import { documentContract, terraContract } from '../testing/terra-contract';
import { createTestDatabase } from '../testing/test-database';
import { buildOpenApiDocument, documentPath } from './openapi/build-document';
import type { RouteDefinition } from './route';
import { routes } from './routes';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: Awaited<ReturnType<typeof connectorSimulator>>;
let api: Awaited<ReturnType<typeof apiAccount>>;
let connectedUserId: string;
const terra = terraContract();
const document = documentContract(buildOpenApiDocument(routes, 'http://127.0.0.1:3000') as never);

beforeAll(async () => {
  database = await createTestDatabase();
  simulator = await connectorSimulator();
  api = await apiAccount(database.db);
  await enableCardiomood(api.owner, simulator.sim);
  connectedUserId = (await connectUser(database.db, api.owner, 'user1', 'contract-user')).userId;
});
afterAll(async () => {
  await simulator.sim.close();
  await database.destroy();
});

/** Checks one answer against Heartbridge's document and, where Terra declares that status, Terra's schema. */
function expectContract(route: RouteDefinition, answer: RouteAnswer) {
  const where = `${route.method} ${route.path} → ${answer.status} ${answer.text.slice(0, 300)}`;
  expect(answer.json, `${where}: not JSON`).toBeDefined();
  expect(document.validate(route.method, documentPath(route), answer.status, answer.json), where).toEqual([]);
  const terraSchema = terra.schemaFor(route.method, documentPath(route), answer.status);
  if (terraSchema) expect(terra.validate(terraSchema, answer.json), `${where} (Terra's schema)`).toEqual([]);
}

async function call(route: RouteDefinition, request: RouteCall, headers: Record<string, string> = api.headers) {
  const answer = await callRoute(database.db, route, { ...request, headers });
  expectContract(route, answer);
  return answer;
}

/** A user for the route's example: a throwaway one for deauthentication, else the connected one. */
async function userFor(route: RouteDefinition) {
  return route.method === 'DELETE' ? (await connectionFor(api.owner)).id : connectedUserId;
}

const unknownUser = '00000000-0000-4000-8000-000000000000';

describe('the validators', () => {
  it('reject answers of the wrong shape', () => {
    const wrongUser = { status: 'success', user: { user_id: 5 }, is_authenticated: true };
    expect(document.validate('GET', '/userInfo', 200, wrongUser)).not.toEqual([]);
    expect(document.validate('GET', '/userInfo', 418, {})).toEqual(['GET /userInfo does not document status 418']);
    const terraSchema = terra.schemaFor('GET', '/userInfo', 200);
    expect(terraSchema).toBeDefined();
    expect(terra.validate(terraSchema ?? {}, wrongUser)).not.toEqual([]);
    expect(
      terra.validate(terra.schemaFor('GET', '/subscriptions', 400) ?? {}, { status: 'ok', message: 1 }),
    ).not.toEqual([]);
  });
});

describe('every registered endpoint answers as its contract says', () => {
  it('has an example request for the docs and these tests', () => {
    expect(routes.filter((r) => !r.example).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_, route) => {
    const success = await call(route, exampleCall(route, await userFor(route)));
    expect(success.status, success.text).toBeLessThan(300);

    if (route.auth === 'api_key') {
      const refused = await call(route, exampleCall(route, connectedUserId), {});
      expect(refused.status).toBe(401);
      expect(refused.json).toEqual({ message: 'unauthorized' });
    }
    if (takesUserId(route)) {
      const unknown = await call(route, exampleCall(route, unknownUser));
      expect(unknown.status).toBe(404);
      const malformed = await call(route, exampleCall(route, 'not-a-uuid'));
      expect(malformed.status).toBe(400);
      expect((malformed.json as { message: string }).message).toMatch(/^user_id/);
    }
    if (route.body) {
      const example = exampleCall(route, connectedUserId);
      const notJson = await call(route, { ...example, body: '{"reference_id": ' });
      expect(notJson.status).toBe(400);
      expect((notJson.json as { message: string }).message).toMatch(/^body: /);
      const huge = await call(route, { ...example, body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }) });
      expect(huge.status).toBe(400);
      expect((huge.json as { message: string }).message).toBe('body: the request body is larger than 1 MB.');
    }
  });
});

const route = (path: string, method = 'GET') => {
  const found = routes.find((r) => r.path === path && r.method === method);
  if (!found) throw new Error(`no route ${method} ${path}`);
  return found;
};

describe('the other shapes of the user endpoints', () => {
  it('userInfo by reference_id answers a list, empty when no user has it', async () => {
    const first = await connectionFor(api.owner, { referenceId: 'shared-ref' });
    const second = await connectionFor(api.owner, { referenceId: 'shared-ref' });
    const list = await call(route('/v2/userInfo'), { query: { reference_id: 'shared-ref' } });
    expect((list.json as { user_id: string }[]).map((u) => u.user_id)).toEqual([first.id, second.id]);
    expect((await call(route('/v2/userInfo'), { query: { reference_id: 'nobody' } })).json).toEqual([]);
    const neither = await call(route('/v2/userInfo'), {});
    expect(neither.status).toBe(400);
  });

  it('subscriptions answers every user without page, a page object with it, and 400 past the limits', async () => {
    const all = await call(route('/v2/subscriptions'), {});
    expect(all.json).toMatchObject({
      users: expect.arrayContaining([expect.objectContaining({ user_id: connectedUserId })]),
    });
    const past = await call(route('/v2/subscriptions'), { query: { page: '50', per_page: '1' } });
    expect(past.json).toMatchObject({ data: { next: null, results: [] } });
    for (const query of [{ per_page: '100000' }, { page: '-1' }, { page: '1.5' }] as Record<string, string>[]) {
      expect((await call(route('/v2/subscriptions'), { query })).status).toBe(400);
    }
  });

  it('bulkUserInfo leaves out ids that are not users of the account', async () => {
    const answer = await call(route('/v2/bulkUserInfo', 'POST'), { body: [unknownUser, connectedUserId] });
    expect((answer.json as { user_id: string }[]).map((u) => u.user_id)).toEqual([connectedUserId]);
    expect((await call(route('/v2/bulkUserInfo', 'POST'), { body: { ids: [] } })).status).toBe(400);
  });

  it('PATCH users answers the changed user; a wrong type is a 400 naming the field', async () => {
    const patch = route('/v2/users/{user_id}', 'PATCH');
    const answer = await call(patch, { params: { user_id: connectedUserId }, body: { active: false } });
    expect(answer.json).toMatchObject({ status: 'success', user: { user_id: connectedUserId, active: false } });
    const wrong = await call(patch, { params: { user_id: connectedUserId }, body: { active: 'no' } });
    expect(wrong.json).toMatchObject({ status: 'error', message: expect.stringMatching(/^active: /) });
    await call(patch, { params: { user_id: connectedUserId }, body: { active: true } });
  });
});
