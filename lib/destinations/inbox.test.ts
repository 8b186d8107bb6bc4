import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinations, inboxMessages } from '@/db/schema';
import { closeDatabase } from '../database';
import { signDelivery } from '../delivery/signing';
import { accountWithOwner } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { addDestination } from './add-destination';
import { listDestinations } from './list-destinations';
import { receiveInbox } from './receive-inbox';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const slot = Symbol.for('heartbridge.database');
beforeAll(async () => {
  database = await createTestDatabase();
  (globalThis as Record<symbol, unknown>)[slot] = Promise.resolve(database);
});
afterAll(async () => {
  (globalThis as Record<symbol, unknown>)[slot] = undefined;
  await closeDatabase();
  await database.destroy();
});

function post(id: string, body: string, headers: Record<string, string>) {
  return receiveInbox(new Request(`http://localhost/inbox/${id}`, { method: 'POST', body, headers }), id);
}

describe('the built-in inbox', () => {
  it('keeps what it receives and says whether both signatures verify', async () => {
    const { owner } = await accountWithOwner(database.db);
    const inbox = await addDestination({ ctx: owner, input: { kind: 'inbox' } });
    const body = JSON.stringify({ type: 'auth', status: 'success' });
    const signed = signDelivery({
      body,
      secrets: [inbox.signingSecret],
      eventId: 'evt_1',
      timestamp: Math.floor(Date.now() / 1000),
    });
    const headers = signed as unknown as Record<string, string>;

    expect(await (await post(inbox.id, body, headers)).json()).toEqual({
      received: true,
      terraSignatureValid: true,
      webhookSignatureValid: true,
    });
    expect(await (await post(inbox.id, body.replace('auth', 'deauth'), headers)).json()).toMatchObject({
      terraSignatureValid: false,
      webhookSignatureValid: false,
    });
    expect(await (await post(inbox.id, body, { ...headers, 'webhook-id': 'has spaces' })).json()).toMatchObject({
      webhookSignatureValid: false,
    });
    const kept = await database.db.select().from(inboxMessages).where(eq(inboxMessages.destinationId, inbox.id));
    expect(kept).toHaveLength(3);
    const [listed] = await listDestinations({ ctx: owner });
    expect(listed?.url).toMatch(new RegExp(`/inbox/${inbox.id}$`));
  });

  it('answers 404 for anything that is not an inbox', async () => {
    expect((await post('nope', '{}', {})).status).toBe(404);
    expect((await post('00000000-0000-4000-8000-000000000000', '{}', {})).status).toBe(404);
  });

  it('refuses webhooks to private addresses unless allowed', async () => {
    const { owner } = await accountWithOwner(database.db);
    await expect(
      addDestination({ ctx: owner, input: { kind: 'webhook', url: 'http://10.0.0.5/hook' } }),
    ).rejects.toThrow(/private/);
    await expect(
      addDestination({ ctx: owner, input: { kind: 'webhook', url: 'http://169.254.169.254/latest' } }),
    ).rejects.toThrow();
    await expect(addDestination({ ctx: owner, input: { kind: 'webhook', url: 'ftp://example.com' } })).rejects.toThrow(
      'Enter an http(s) URL',
    );
  });
});

describe('destinations of every kind', () => {
  it('keep their credentials encrypted and check their hosts', async () => {
    const { owner } = await accountWithOwner(database.db);
    process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32'; // these machines resolve no outside name
    const added = await addDestination({
      ctx: owner,
      input: {
        kind: 'postgres',
        settings: { host: '127.0.0.1', database: 'warehouse', user: 'terra' },
        secrets: { password: 'hunter2-secret' },
      },
    }).finally(() => {
      delete process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS;
    });
    const [row] = await database.db.select().from(destinations).where(eq(destinations.id, added.id));
    expect(row?.secrets).not.toContain('hunter2');
    expect(row?.name).toBe('PostgreSQL');
    await expect(
      addDestination({
        ctx: owner,
        input: { kind: 'mysql', settings: { host: '10.1.2.3', database: 'x', user: 'y' }, secrets: { password: 'p' } },
      }),
    ).rejects.toThrow(/private/);
    await expect(
      addDestination({ ctx: owner, input: { kind: 'rabbitmq', settings: {}, secrets: {} } }),
    ).rejects.toThrow();
  });
});
