import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, deliveryAttempts } from '@/db/schema';
import { addDestination } from '../../destinations/add-destination';
import { emitEvent } from '../../events/emit-event';
import { accountWithOwner } from '../../testing/fixtures';
import { createTestDatabase } from '../../testing/test-database';
import { deliverOne } from '../deliver';

// The SSRF guard on webhooks at send time: redirects are never followed (so a public receiver cannot
// bounce a delivery to an internal address), and a host allowed when saved is refused once the policy no longer allows it.

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const hits = { redirecting: 0, internal: 0 };
let internalUrl = '';
let redirectingUrl = '';
const internal = http.createServer((req, res) => {
  hits.internal += 1;
  req.resume().on('end', () => res.writeHead(200).end('internal secrets'));
});
const redirecting = http.createServer((req, res) => {
  hits.redirecting += 1;
  req.resume().on('end', () => res.writeHead(307, { location: internalUrl }).end());
});
const listen = async (server: http.Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
};

beforeAll(async () => {
  database = await createTestDatabase();
  internalUrl = await listen(internal);
  redirectingUrl = await listen(redirecting);
});
afterAll(async () => {
  delete process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS;
  internal.close();
  redirecting.close();
  await database.destroy();
});

async function oneDelivery() {
  process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
  const { owner } = await accountWithOwner(database.db);
  const { id } = await addDestination({ ctx: owner, input: { kind: 'webhook', url: redirectingUrl } });
  await emitEvent(owner, { type: 'auth', body: { type: 'auth', status: 'success' } });
  const [delivery] = await database.db.select().from(deliveries).where(eq(deliveries.destinationId, id));
  return delivery?.id ?? '';
}

const attemptsOf = (deliveryId: string) =>
  database.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, deliveryId));

describe('webhooks and the SSRF guard at send time', () => {
  it('never follow a redirect: a 307 to an internal address is a failed attempt, and nothing reaches it', async () => {
    const deliveryId = await oneDelivery();
    expect(await deliverOne(database.db, deliveryId)).toMatchObject({ status: 'retrying' });
    expect(hits).toEqual({ redirecting: 1, internal: 0 });
    expect((await attemptsOf(deliveryId)).map((a) => a.statusCode)).toEqual([307]);
  });

  it('refuse a host the policy no longer allows, without connecting', async () => {
    const deliveryId = await oneDelivery();
    const before = hits.redirecting;
    delete process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS;
    expect(await deliverOne(database.db, deliveryId)).toMatchObject({ status: 'retrying' });
    expect(hits.redirecting).toBe(before);
    const [attempt] = await attemptsOf(deliveryId);
    expect(attempt).toMatchObject({ statusCode: null, error: expect.stringMatching(/HEARTBRIDGE_ALLOW_PRIVATE/) });
  });
});
