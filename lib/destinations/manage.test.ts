import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, destinations } from '@/db/schema';
import { deliverOne } from '../delivery/deliver';
import { emitEvent } from '../events/emit-event';
import { accountWithOwner, memberWithRole } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { addDestination } from './add-destination';
import { listDestinations } from './list-destinations';
import { removeDestination } from './remove-destination';
import { rotateSigningSecret } from './rotate-signing-secret';
import { sendTestEvent } from './send-test-event';
import { setDestinationStatus } from './set-destination-status';
import { activeSecrets } from './signing-secrets';
import { updateDestination } from './update-destination';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let url: string;
const seen: string[] = [];
const receiver = http.createServer((req, res) => {
  seen.push(String(req.headers['webhook-id']));
  req.resume().on('end', () => res.writeHead(204).end());
});
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

describe('managing destinations', () => {
  it('sends a real test event and reports the answer, and lists latency and success rate', async () => {
    const { owner } = await accountWithOwner(database.db);
    const { id } = await addDestination({ ctx: owner, input: { kind: 'webhook', url } });
    expect(await sendTestEvent({ ctx: owner, input: { destinationId: id } })).toMatchObject({
      statusCode: 204,
      error: null,
    });
    await emitEvent(owner, { type: 'auth', body: { type: 'auth', status: 'success' } });
    const [delivery] = await database.db.select().from(deliveries).where(eq(deliveries.destinationId, id));
    await deliverOne(database.db, delivery?.id as string);
    const [listed] = await listDestinations({ ctx: owner });
    expect(listed).toMatchObject({ delivered: 1, total: 1, successRate: 1, lastError: null });
    expect(listed?.p50Ms).toBeGreaterThanOrEqual(0);
    expect(listed?.p95Ms).toBeGreaterThanOrEqual(listed?.p50Ms ?? 0);
  });

  it('edits, disables, enables and removes, refusing bad changes', async () => {
    const { owner } = await accountWithOwner(database.db);
    const { id } = await addDestination({ ctx: owner, input: { kind: 'webhook', url } });
    await updateDestination({
      ctx: owner,
      input: { destinationId: id, name: 'Prod', eventTypes: ['daily'], maxRetries: 3 },
    });
    await expect(
      updateDestination({ ctx: owner, input: { destinationId: id, url: 'http://10.0.0.9/x' } }),
    ).rejects.toThrow(/private/);
    await expect(
      updateDestination({ ctx: owner, input: { destinationId: id, retryBaseSeconds: 600, retryCapSeconds: 60 } }),
    ).rejects.toThrow('the cap must be at least the first delay');
    await setDestinationStatus({ ctx: owner, input: { destinationId: id, enabled: false } });
    expect(await emitEvent(owner, { type: 'daily', body: { type: 'daily' } })).toBeTruthy();
    expect(await database.db.select().from(deliveries).where(eq(deliveries.destinationId, id))).toHaveLength(0); // disabled: no delivery
    await setDestinationStatus({ ctx: owner, input: { destinationId: id, enabled: true } });
    await emitEvent(owner, { type: 'auth', body: { type: 'auth' } }); // filtered out: only daily
    await emitEvent(owner, { type: 'daily', body: { type: 'daily' } });
    expect(await database.db.select().from(deliveries).where(eq(deliveries.destinationId, id))).toHaveLength(1);
    await removeDestination({ ctx: owner, input: { destinationId: id } });
    expect(await listDestinations({ ctx: owner })).toEqual([]);
  });

  it('rotates the signing secret with an overlap during which both are sent', async () => {
    const { owner } = await accountWithOwner(database.db);
    const added = await addDestination({ ctx: owner, input: { kind: 'inbox' } });
    const rotated = await rotateSigningSecret({ ctx: owner, input: { destinationId: added.id, overlapHours: 24 } });
    const [row] = await database.db.select().from(destinations).where(eq(destinations.id, added.id));
    expect(activeSecrets(row?.signingSecrets as string)).toEqual([rotated.signingSecret, added.signingSecret]);
    expect(activeSecrets(row?.signingSecrets as string, new Date(Date.now() + 25 * 3_600_000))).toEqual([
      rotated.signingSecret,
    ]);
  });

  it('lets only owners and developers change destinations, and never another account’s', async () => {
    const { owner } = await accountWithOwner(database.db);
    const other = await accountWithOwner(database.db);
    const { id } = await addDestination({ ctx: owner, input: { kind: 'inbox' } });
    const support = await memberWithRole(owner, 'support');
    await expect(setDestinationStatus({ ctx: support, input: { destinationId: id, enabled: false } })).rejects.toThrow(
      /not allowed/,
    );
    await expect(removeDestination({ ctx: other.owner, input: { destinationId: id } })).rejects.toThrow(
      'No such destination',
    );
    await expect(sendTestEvent({ ctx: other.owner, input: { destinationId: 'nope' } })).rejects.toThrow(
      'No such destination',
    );
  });
});
