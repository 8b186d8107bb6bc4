import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, inArray } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries, events } from '@/db/schema';
import type { MemberCtx } from '../context';
import { deliverOne } from '../delivery/deliver';
import { addDestination } from '../destinations/add-destination';
import { setDestinationStatus } from '../destinations/set-destination-status';
import { validateModel } from '../models/validate';
import { accountWithOwner, memberWithRole } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { examplePayload } from './example-payloads';
import { sendExamplePayload } from './send-example-payload';

// A real webhook receiver on loopback, keeping what it gets.
const received: Array<{ headers: Record<string, string>; body: string }> = [];
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(200).end('ok');
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

const eventsOf = (ctx: MemberCtx) => database.db.select().from(events).where(eq(events.accountId, ctx.account.id));
const deliveriesOf = (eventId: string) => database.db.select().from(deliveries).where(eq(deliveries.eventId, eventId));

describe('sending an example payload to the destinations', () => {
  it('emits a real data event with a delivery to each enabled destination whose filter takes it, delivered signed', async () => {
    const { owner } = await accountWithOwner(database.db);
    const webhook = await addDestination({ ctx: owner, input: { kind: 'webhook', url } });
    const sleepOnly = await addDestination({ ctx: owner, input: { kind: 'inbox', eventTypes: ['sleep'] } });
    const disabled = await addDestination({ ctx: owner, input: { kind: 'inbox' } });
    await setDestinationStatus({ ctx: owner, input: { destinationId: disabled.id, enabled: false } });
    // Another account's destination never hears of it.
    const other = await accountWithOwner(database.db);
    const theirs = await addDestination({ ctx: other.owner, input: { kind: 'inbox' } });

    const developer = await memberWithRole(owner, 'developer');
    const daily = await sendExamplePayload({ ctx: developer, input: { type: 'daily' } });
    expect(daily).toMatchObject({ type: 'daily', deliveries: 1 });
    const [event] = await database.db.select().from(events).where(eq(events.id, daily.eventId));
    expect(event).toMatchObject({
      accountId: owner.account.id,
      type: 'daily',
      userId: null,
      reference: daily.reference,
    });
    expect(validateModel('DailyEvent', event?.body)).toEqual({ valid: true, errors: [] });
    expect((event?.body as { data?: unknown[] } | undefined)?.data?.[0]).toEqual(examplePayload('daily').payload);
    const [delivery, ...more] = await deliveriesOf(daily.eventId);
    expect(more).toEqual([]);
    expect(delivery?.destinationId).toBe(webhook.id);

    received.length = 0;
    expect(await deliverOne(database.db, delivery?.id ?? '')).toEqual({ status: 'delivered' });
    const [got] = received;
    expect(got && new Webhook(webhook.signingSecret).verify(got.body, got.headers)).toBeTruthy();
    expect(JSON.parse(got?.body ?? '{}')).toEqual(event?.body);
    expect(got?.headers['terra-reference']).toBe(daily.reference);

    const sleep = await sendExamplePayload({ ctx: owner, input: { type: 'sleep' } });
    expect(sleep.deliveries).toBe(2);
    const targets = (await deliveriesOf(sleep.eventId)).map((d) => d.destinationId).sort();
    expect(targets).toEqual([webhook.id, sleepOnly.id].sort());
    expect(
      await database.db
        .select()
        .from(deliveries)
        .where(inArray(deliveries.destinationId, [theirs.id, disabled.id])),
    ).toEqual([]);

    const athlete = await sendExamplePayload({ ctx: owner, input: { type: 'athlete' } });
    const [athleteEvent] = await database.db.select().from(events).where(eq(events.id, athlete.eventId));
    expect(validateModel('AthleteEvent', athleteEvent?.body)).toEqual({ valid: true, errors: [] });
  });

  it('says no deliveries were queued when no destination takes the type', async () => {
    const { owner } = await accountWithOwner(database.db);
    expect((await sendExamplePayload({ ctx: owner, input: { type: 'body' } })).deliveries).toBe(0);
  });

  it('is refused to support and viewer on the server, and to an unknown type, writing nothing', async () => {
    const { owner } = await accountWithOwner(database.db);
    await addDestination({ ctx: owner, input: { kind: 'inbox' } });
    for (const role of ['support', 'viewer'] as const) {
      const member = await memberWithRole(owner, role);
      await expect(sendExamplePayload({ ctx: member, input: { type: 'daily' } })).rejects.toMatchObject({
        kind: 'forbidden',
        message: `Your role (${role}) is not allowed to send example payloads to destinations.`,
      });
    }
    await expect(sendExamplePayload({ ctx: owner, input: { type: 'menstruation' as 'daily' } })).rejects.toMatchObject({
      kind: 'invalid',
    });
    expect(await eventsOf(owner)).toEqual([]);
  });
});
