import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIntegrations } from '../api/endpoints/integrations';
import { routeHandler } from '../api/route';
import { listAuditEntries } from '../audit/list-audit-entries';
import { closeDatabase } from '../database';
import { accountWithOwner, memberWithRole } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { authenticateApiKey } from './authenticate-api-key';
import { createApiKey } from './create-api-key';
import { listApiKeys } from './list-api-keys';
import { revokeApiKey } from './revoke-api-key';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
  // The REST handlers find the process database through lib/database: point it at this one.
  (globalThis as Record<symbol, unknown>)[Symbol.for('heartbridge.database')] = Promise.resolve(database);
});
afterAll(async () => {
  (globalThis as Record<symbol, unknown>)[Symbol.for('heartbridge.database')] = undefined;
  await closeDatabase();
  await database.destroy();
});

const integrations = (headers: Record<string, string>) =>
  routeHandler(getIntegrations)(new Request('http://localhost/v2/integrations', { headers }));

describe('API keys', () => {
  it('are shown once, stored hashed, and authenticate the REST API until revoked', async () => {
    const { owner, account } = await accountWithOwner(database.db);
    const created = await createApiKey({ ctx: owner, input: { name: 'backend' } });
    expect(created.key).toMatch(/^hb_[A-Za-z0-9_-]{40}$/);
    const listed = await listApiKeys({ ctx: owner });
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(listed[0]?.prefix).toBe(created.key.slice(0, 11));

    const ok = await integrations({ 'dev-id': account.devId, 'x-api-key': created.key });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      status: 'success',
      providers: ['CARDIOMOOD'],
      sdk_resource: [],
      sdk_providers: [],
    });
    expect((await listApiKeys({ ctx: owner }))[0]?.lastUsedAt).toBeInstanceOf(Date);

    await revokeApiKey({ ctx: owner, input: { keyId: created.id } });
    const refused = await integrations({ 'dev-id': account.devId, 'x-api-key': created.key });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ message: 'unauthorized' });
    expect((await listAuditEntries({ ctx: owner })).map((e) => e.action).slice(0, 2)).toEqual([
      'api_key.revoked',
      'api_key.created',
    ]);
  });

  it.each([
    ['no headers', {}],
    ['no key', { 'dev-id': 'x' }],
    ['a wrong key', { 'dev-id': 'x', 'x-api-key': 'hb_wrong' }],
  ])('answer 401 for %s', async (_name, headers) => {
    const response = await integrations(headers);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'unauthorized' });
  });

  it('only open the account they belong to', async () => {
    const a = await accountWithOwner(database.db);
    const b = await accountWithOwner(database.db);
    const keyOfA = await createApiKey({ ctx: a.owner });
    expect(await authenticateApiKey(database.db, b.account.devId, keyOfA.key)).toBeNull();
    expect((await authenticateApiKey(database.db, a.account.devId, keyOfA.key))?.account.id).toBe(a.account.id);
    await expect(revokeApiKey({ ctx: b.owner, input: { keyId: keyOfA.id } })).rejects.toThrow('No such API key');
    expect(await listApiKeys({ ctx: b.owner })).toEqual([]);
  });

  it('can be managed by owners and developers only', async () => {
    const { owner } = await accountWithOwner(database.db);
    const developer = await memberWithRole(owner, 'developer');
    const support = await memberWithRole(owner, 'support');
    const viewer = await memberWithRole(owner, 'viewer');
    const key = await createApiKey({ ctx: developer, input: { name: 'dev key' } });
    for (const ctx of [support, viewer]) {
      await expect(createApiKey({ ctx })).rejects.toThrow(
        `Your role (${ctx.actor.role}) is not allowed to manage API keys.`,
      );
      await expect(revokeApiKey({ ctx, input: { keyId: key.id } })).rejects.toThrow(/not allowed/);
      expect(await listApiKeys({ ctx })).toHaveLength(1);
    }
  });

  it('refuse a malformed key id with a clear message', async () => {
    const { owner } = await accountWithOwner(database.db);
    await expect(revokeApiKey({ ctx: owner, input: { keyId: 'nope' } })).rejects.toThrow('Unknown API key.');
  });
});
