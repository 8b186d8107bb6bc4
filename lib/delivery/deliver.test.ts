import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connections, deliveries, deliveryAttempts, destinations } from '@/db/schema';
import { listAuditEntries } from '../audit/list-audit-entries';
import type { Ctx } from '../context';
import { addDestination } from '../destinations/add-destination';
import { emitEvent } from '../events/emit-event';
import { accountWithOwner, connectionFor } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { deliverOne } from './deliver';
import { retryDelayMs } from './retry-policy';
import { verifyTerraSignature } from './signing';

// A real receiver on loopback that answers what each test scripts, and keeps what it received.
type Received = { headers: http.IncomingHttpHeaders; body: string };
let script: Array<{ status: number; headers?: Record<string, string>; delayMs?: number }> = [];
const received: Received[] = [];
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    const next = script.shift() ?? { status: 200 };
    setTimeout(() => {
      res.writeHead(next.status, next.headers).end(`answer ${next.status}`);
    }, next.delayMs ?? 0);
  });
});

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let url: string;
beforeAll(async () => {
  process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
  database = await createTestDatabase();
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  delete process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS;
  receiver.close();
  await database.destroy();
});

async function setup(options: { timeoutSeconds?: number; maxRetries?: number } = {}) {
  const { owner } = await accountWithOwner(database.db);
  const destination = await addDestination({
    ctx: owner,
    input: { kind: 'webhook', url, timeoutSeconds: options.timeoutSeconds ?? 2 },
  });
  if (options.maxRetries !== undefined) {
    await database.db
      .update(destinations)
      .set({ maxRetries: options.maxRetries })
      .where(eq(destinations.id, destination.id));
  }
  const event = await emitEvent(owner, {
    type: 'deauth',
    body: { type: 'deauth', status: 'success', message: 'é ✓ unicode' },
  });
  const [delivery] = await database.db.select().from(deliveries).where(eq(deliveries.eventId, event.id));
  if (!delivery) throw new Error('no delivery was written with the event');
  return { owner: owner as Ctx, destination, delivery };
}

const attemptsOf = (deliveryId: string) =>
  database.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, deliveryId));

describe('delivering events to a webhook', () => {
  it('writes the delivery with the event and POSTs the exact body, signed both ways', async () => {
    received.length = 0;
    script = [{ status: 200 }];
    const { destination, delivery } = await setup();
    expect(await deliverOne(database.db, delivery.id)).toEqual({ status: 'delivered' });
    const [got] = received;
    if (!got) throw new Error('nothing received');
    expect(JSON.parse(got.body)).toEqual({ type: 'deauth', status: 'success', message: 'é ✓ unicode' });
    const headers = got.headers as Record<string, string>;
    expect(new Webhook(destination.signingSecret).verify(got.body, headers)).toBeTruthy();
    const now = Math.floor(Date.now() / 1000);
    expect(
      verifyTerraSignature({
        body: got.body,
        header: headers['terra-signature'] ?? '',
        secret: destination.signingSecret,
        now,
      }),
    ).toBe(true);
    expect(headers['terra-reference']).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers['x-terra-trace-id']).toBe(headers['webhook-id']);
    const [attempt] = await attemptsOf(delivery.id);
    expect(attempt).toMatchObject({ statusCode: 200, responseExcerpt: 'answer 200', error: null });
  });

  it("keeps the user's last successful delivery as the connection's last webhook", async () => {
    script = [{ status: 500 }, { status: 200 }];
    const { owner } = await setup();
    const user = await connectionFor(owner);
    const event = await emitEvent(owner, { type: 'daily', userId: user.id, body: { type: 'daily' } });
    const [delivery] = await database.db.select().from(deliveries).where(eq(deliveries.eventId, event.id));
    if (!delivery) throw new Error('no delivery');
    const lastWebhook = async () =>
      (await database.db.select().from(connections).where(eq(connections.id, user.id)))[0]?.lastWebhookAt;
    await deliverOne(database.db, delivery.id);
    expect(await lastWebhook()).toBeNull(); // a failed attempt is no webhook
    await deliverOne(database.db, delivery.id);
    const [attempt] = (await attemptsOf(delivery.id)).filter((a) => a.statusCode === 200);
    expect(await lastWebhook()).toEqual(attempt?.startedAt);
  });

  it('retries 5xx and 4xx on a doubling schedule with the same trace id, then delivers', async () => {
    received.length = 0;
    script = [{ status: 500 }, { status: 404 }, { status: 302 }, { status: 200 }];
    const { delivery } = await setup();
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await deliverOne(database.db, delivery.id, { random: () => 0.5 }));
    expect(outcomes.map((o) => o.status)).toEqual(['retrying', 'retrying', 'retrying', 'delivered']);
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect((await attemptsOf(delivery.id)).map((a) => a.statusCode).sort()).toEqual([200, 302, 404, 500]);
    expect([1, 2, 3, 4, 15].map((n) => retryDelayMs(n, undefined, () => 0.5))).toEqual([
      30_000, 60_000, 120_000, 240_000, 28_800_000,
    ]);
  });

  it('honours Retry-After when it asks for longer', async () => {
    script = [{ status: 503, headers: { 'retry-after': '3600' } }];
    const { delivery } = await setup();
    const before = Date.now();
    const outcome = await deliverOne(database.db, delivery.id, { random: () => 0.5 });
    if (outcome.status !== 'retrying') throw new Error(`expected a retry, got ${outcome.status}`);
    expect(outcome.nextAttemptAt.getTime() - before).toBeGreaterThanOrEqual(3_600_000 - 1000);
  });

  it('retries a receiver that never answers in time', async () => {
    script = [{ status: 200, delayMs: 2500 }];
    const { delivery } = await setup({ timeoutSeconds: 1 });
    expect((await deliverOne(database.db, delivery.id)).status).toBe('retrying');
    const [attempt] = await attemptsOf(delivery.id);
    expect(attempt?.error).toContain('no answer within 1000 ms');
  });

  it('disables the destination on 410 Gone, with an audit entry', async () => {
    script = [{ status: 410 }];
    const { owner, destination, delivery } = await setup();
    expect(await deliverOne(database.db, delivery.id)).toEqual({ status: 'dead' });
    const [row] = await database.db.select().from(destinations).where(eq(destinations.id, destination.id));
    expect(row).toMatchObject({ status: 'disabled', disabledReason: 'The receiver answered 410 Gone.' });
    expect((await listAuditEntries({ ctx: owner })).map((e) => e.action)).toContain('destination.disabled');
  });

  it('gives up after the last retry: the delivery is dead', async () => {
    script = [{ status: 500 }, { status: 500 }];
    const { delivery } = await setup({ maxRetries: 1 });
    expect((await deliverOne(database.db, delivery.id)).status).toBe('retrying');
    expect(await deliverOne(database.db, delivery.id)).toEqual({ status: 'dead' });
  });
});
