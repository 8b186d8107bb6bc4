import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, connections } from '@/db/schema';
import { apiAccount, callRoute, exampleCall, takesUserId } from '../testing/api';
import { libCalls, routeHandlers } from '../testing/app-surface';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { createTestDatabase } from '../testing/test-database';
import { inputJsonSchema } from './openapi/build-document';
import type { RouteDefinition } from './route';
import { routes } from './routes';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: Awaited<ReturnType<typeof connectorSimulator>>;
let mine: Awaited<ReturnType<typeof apiAccount>>;
let theirs: Awaited<ReturnType<typeof apiAccount>>;
let theirUser: string;

beforeAll(async () => {
  database = await createTestDatabase();
  simulator = await connectorSimulator();
  mine = await apiAccount(database.db, 'Mine');
  theirs = await apiAccount(database.db, 'Theirs');
  await enableCardiomood(mine.owner, simulator.sim);
  await enableCardiomood(theirs.owner, simulator.sim);
  theirUser = (await connectUser(database.db, theirs.owner, 'user3', 'their-ref')).userId;
});
afterAll(async () => {
  await simulator.sim.close();
  await database.destroy();
});

const authenticated = routes.filter((r) => r.auth === 'api_key');
const named = (list: typeof routes) => list.map((r) => [`${r.method} ${r.path}`, r] as const);
const unknownUser = '00000000-0000-4000-8000-000000000000';

async function theirState() {
  const [user] = await database.db.select().from(connections).where(eq(connections.id, theirUser));
  const audit = await database.db.select().from(auditLog).where(eq(auditLog.accountId, theirs.account.id));
  return { user, audit: audit.length };
}

/** Every property name anywhere in a JSON Schema (nested objects, arrays, unions). */
function propertyNames(schema: unknown): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const node = schema as Record<string, unknown>;
  const own = node.properties && typeof node.properties === 'object' ? Object.keys(node.properties) : [];
  return [...own, ...Object.values(node).flatMap((child) => (typeof child === 'object' ? propertyNames(child) : []))];
}

/** Input fields naming a row (`user_id`, and any other `…_id` but the caller's own `reference_id`). */
function idFields(route: RouteDefinition): string[] {
  const schemas = [route.query, route.params, route.body].filter((s) => s !== undefined);
  const names = [
    ...schemas.flatMap((s) => propertyNames(inputJsonSchema(s))),
    ...route.path.matchAll(/\{(\w+)\}/g),
  ].map((n) => (typeof n === 'string' ? n : (n[1] ?? '')));
  return [...new Set(names)].filter((name) => /_id$/.test(name) && name !== 'reference_id').sort();
}

describe('the registry is every /v2 endpoint, and each has a cross-account case', () => {
  const files = routeHandlers({ v2: true }).filter((file) => !file.file.includes('[...path]'));

  it.each(files.map((file) => [file.file, file] as const))('%s serves a registered route', async (file, parsed) => {
    const expected = file
      .replace(/^app/, '')
      .replace(/\/route\.ts$/, '')
      .replace(/\[(\w+)\]/g, '{$1}');
    expect(parsed.functions.length).toBeGreaterThan(0);
    for (const fn of parsed.functions) {
      const served = libCalls(parsed, fn, 'handed');
      expect(fn.calls.has('routeHandler'), `${fn.key} answers through routeHandler`).toBe(true);
      expect(served).toHaveLength(1);
      const [call] = served;
      if (!call) continue;
      const module = (await import(/* @vite-ignore */ call.from)) as Record<string, unknown>;
      const route = routes.find((r) => r === module[call.name]);
      expect(route, `${call.name} is in lib/api/routes.ts`).toBeDefined();
      expect({ method: route?.method, path: route?.path }).toEqual({ method: fn.name, path: expected });
    }
  });

  it('every registered route has its route file', () => {
    const served = files.flatMap((file) =>
      file.functions.map((fn) => `${fn.name} ${file.file.replace(/^app/, '').replace(/\/route\.ts$/, '')}`),
    );
    for (const route of routes) {
      expect(served).toContain(`${route.method} ${route.path.replace(/\{(\w+)\}/g, '[$1]')}`);
    }
  });

  it.each(named(authenticated))(
    '%s names in its example every id it takes, so the cases below aim it at B',
    (_, route) => {
      expect(route.example, 'an example call (lib/api/route.ts RouteExample)').toBeDefined();
      const example = JSON.stringify(route.example ?? {});
      const uncovered = idFields(route).filter((field) => !example.includes(`"${field}":"$USER_ID"`));
      // A new kind of id (say destination_id) needs its own cross-account case in this file.
      expect(uncovered).toEqual([]);
    },
  );
});

describe('requests across accounts', () => {
  it.each(named(authenticated))("%s refuses one account's dev-id with another's key", async (_, route) => {
    for (const headers of [
      { 'dev-id': mine.account.devId, 'x-api-key': theirs.key },
      { 'dev-id': theirs.account.devId, 'x-api-key': mine.key },
    ]) {
      const answer = await callRoute(database.db, route, { ...exampleCall(route, theirUser), headers });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ message: 'unauthorized' });
    }
  });

  it.each(named(authenticated))("%s neither reveals nor touches another account's user", async (_, route) => {
    const before = await theirState();
    const answer = await callRoute(database.db, route, { ...exampleCall(route, theirUser), headers: mine.headers });
    expect(answer.text).not.toContain(theirUser);
    expect(answer.text).not.toContain('their-ref');
    if (takesUserId(route)) {
      const unknown = await callRoute(database.db, route, {
        ...exampleCall(route, unknownUser),
        headers: mine.headers,
      });
      expect({ status: answer.status, body: answer.json }).toEqual({ status: 404, body: unknown.json });
      expect(answer.json).toEqual({ status: 'error', message: 'User not found' });
    }
    expect(await theirState()).toEqual(before);
  });

  it('lists and reference lookups see only the own account', async () => {
    const byReference = routes.find((r) => r.path === '/v2/userInfo');
    const subscriptions = routes.find((r) => r.path === '/v2/subscriptions');
    if (!byReference || !subscriptions) throw new Error('user routes missing');
    const list = await callRoute(database.db, byReference, {
      query: { reference_id: 'their-ref' },
      headers: mine.headers,
    });
    expect(list.json).toEqual([]);
    for (const query of [{}, { page: '0' }] as Record<string, string>[]) {
      const all = await callRoute(database.db, subscriptions, { query, headers: mine.headers });
      expect(all.status).toBe(200);
      expect(all.text).not.toContain(theirUser);
    }
    const own = await callRoute(database.db, subscriptions, { headers: theirs.headers });
    expect(own.text).toContain(theirUser);
  });
});
