import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle } from '@medplum/fhirtypes';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, inboxMessages } from '@/db/schema';
import { closeDatabase } from '../database';
import { addDestination } from '../destinations/add-destination';
import { receiveInbox } from '../destinations/receive-inbox';
import { updateDestination } from '../destinations/update-destination';
import { emitEvent } from '../events/emit-event';
import { examplePayload } from '../payloads/example-payloads';
import { fhirProblems } from '../testing/fhir-validator';
import { accountWithOwner, connectionFor } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { deliverOne } from './deliver';
import { verifyTerraSignature } from './signing';

// Real receivers on loopback: a webhook that keeps what it gets, and Heartbridge's inbox route.
const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const inbox = /^\/inbox\/([\w-]+)$/.exec(req.url ?? '');
    if (inbox?.[1]) {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const answer = await receiveInbox(
        new Request(`http://localhost${req.url}`, { method: 'POST', body, headers }),
        inbox[1],
      );
      res.writeHead(answer.status).end(await answer.text());
      return;
    }
    received.push({ headers: req.headers, body });
    res.writeHead(200).end('ok');
  });
});

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let base = '';
const slot = Symbol.for('heartbridge.database');
beforeAll(async () => {
  database = await createTestDatabase();
  (globalThis as Record<symbol, unknown>)[slot] = Promise.resolve(database);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
  process.env.HEARTBRIDGE_PUBLIC_URL = base;
});
afterAll(async () => {
  delete process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS;
  delete process.env.HEARTBRIDGE_PUBLIC_URL;
  (globalThis as Record<symbol, unknown>)[slot] = undefined;
  server.close();
  await closeDatabase();
  await database.destroy();
});

async function deliverAll(eventId: string) {
  const rows = await database.db.select().from(deliveries).where(eq(deliveries.eventId, eventId));
  for (const row of rows) expect(await deliverOne(database.db, row.id)).toEqual({ status: 'delivered' });
}

describe('destinations set to FHIR', () => {
  it('receive data events as signed FHIR Bundles and lifecycle events as Terra JSON (webhook and inbox)', async () => {
    const { owner } = await accountWithOwner(database.db);
    const user = await connectionFor(owner, { referenceId: 'fhir-user' });
    const webhook = await addDestination({
      ctx: owner,
      input: { kind: 'webhook', url: `${base}/hook`, payloadFormat: 'fhir' },
    });
    const inbox = await addDestination({ ctx: owner, input: { kind: 'inbox', payloadFormat: 'fhir' } });
    const terraUser = { user_id: user.id, provider: 'CARDIOMOOD', reference_id: 'fhir-user', active: true };
    const daily = await emitEvent(owner, {
      type: 'daily',
      userId: user.id,
      body: { type: 'daily', data: [examplePayload('daily').payload], user: terraUser, version: '2022-03-16' },
    });
    const auth = await emitEvent(owner, {
      type: 'auth',
      userId: user.id,
      body: { type: 'auth', status: 'success', user: terraUser, reference_id: 'fhir-user', version: '2022-03-16' },
    });
    received.length = 0;
    await deliverAll(daily.id);
    await deliverAll(auth.id);

    const [bundleSent, authSent] = received;
    expect(bundleSent?.headers['content-type']).toBe('application/fhir+json');
    const bundle = JSON.parse(bundleSent?.body ?? '{}') as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', meta: { tag: [{ code: 'Daily' }] } });
    expect(fhirProblems(bundle)).toEqual([]);
    expect(JSON.stringify(bundle)).toContain(user.id);
    const signature = String(bundleSent?.headers['terra-signature']);
    const now = Math.floor(Date.now() / 1000);
    expect(
      verifyTerraSignature({ body: bundleSent?.body ?? '', header: signature, secret: webhook.signingSecret, now }),
    ).toBe(true);
    expect(authSent?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(authSent?.body ?? '{}')).toMatchObject({ type: 'auth', status: 'success' });

    const kept = await database.db.select().from(inboxMessages).where(eq(inboxMessages.destinationId, inbox.id));
    expect(
      kept.map((m) => [
        JSON.parse(m.body).resourceType ?? JSON.parse(m.body).type,
        m.terraSignatureValid,
        m.webhookSignatureValid,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['Bundle', true, true],
        ['auth', true, true],
      ]),
    );
  });

  it('is refused for SQL and storage kinds, and can be switched back to Terra JSON', async () => {
    const { owner } = await accountWithOwner(database.db);
    await expect(
      addDestination({
        ctx: owner,
        input: {
          kind: 's3',
          payloadFormat: 'fhir',
          settings: { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', bucket: 'b' },
          secrets: { accessKeyId: 'a', secretAccessKey: 'b' },
        },
      }),
    ).rejects.toThrow(/^payloadFormat: FHIR is sent to webhooks, the inbox, RabbitMQ and NATS/);
    const hook = await addDestination({
      ctx: owner,
      input: { kind: 'webhook', url: `${base}/hook`, payloadFormat: 'fhir' },
    });
    expect(
      await updateDestination({ ctx: owner, input: { destinationId: hook.id, payloadFormat: 'terra' } }),
    ).toMatchObject({
      payloadFormat: 'terra',
    });
    await expect(
      updateDestination({ ctx: owner, input: { destinationId: hook.id, payloadFormat: 'xml' as 'fhir' } }),
    ).rejects.toThrow(/payloadFormat/);
  });
});
