import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import net from 'node:net';
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryBody } from '../delivery-body';
import { generateSigningSecret } from '../signing-secret';
import { signDelivery } from '../signing';
import { closeQueueConnections, natsSender, rabbitmqSender } from './queues';
import type { DestinationRow, EventRow, SendInput } from './sender';

// Against the brokers the machine runs: RabbitMQ on 127.0.0.1:5672 (guest/guest), NATS with
// JetStream on 127.0.0.1:4222. Each test run uses its own exchange, queue, stream and subjects.

const PRIVATE_ENV = 'HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS';
const run = randomUUID().slice(0, 8);
const secret = generateSigningSecret();

function destination(kind: string, settings: Record<string, unknown>, id = randomUUID()): DestinationRow {
  return {
    id,
    accountId: randomUUID(),
    kind: kind as DestinationRow['kind'],
    name: kind,
    status: 'enabled',
    disabledReason: null,
    settings,
    secrets: null,
    signingSecrets: '',
    eventTypes: [],
    payloadFormat: 'terra',
    timeoutSeconds: 10,
    maxRetries: 10,
    retryBaseSeconds: 30,
    retryCapSeconds: 28_800,
    lastSuccessAt: null,
    failingSince: null,
    createdAt: new Date(),
  };
}

function event(type: string, body: unknown): EventRow {
  return {
    id: randomUUID(),
    seq: 1,
    accountId: randomUUID(),
    userId: randomUUID(),
    type,
    reference: randomUUID(),
    traceId: randomUUID(),
    body,
    createdAt: new Date('2026-03-01T08:00:00.000Z'),
  };
}

/** Built the way the delivery engine builds it: the body (Terra JSON or FHIR) signed, the signature and trace headers. */
function sendInput(dest: DestinationRow, secrets: Record<string, unknown>, ev: EventRow): SendInput {
  const { body, contentType } = deliveryBody(ev, dest);
  const signature = signDelivery({ body, secrets: [secret], eventId: ev.traceId, timestamp: 1_772_352_000 });
  const headers: Record<string, string> = {
    ...(signature as unknown as Record<string, string>),
    'terra-reference': ev.reference,
    'x-terra-trace-id': ev.traceId,
    'x-terra-ordering-timestamp': ev.createdAt.toISOString(),
    ...(contentType ? { 'content-type': contentType } : {}),
  };
  return { destination: dest, secrets, event: ev, body, headers };
}

const dataEvent = event('activity', {
  type: 'activity',
  user: { user_id: 'u-1', provider: 'CARDIOMOOD', reference_id: 'Zoë ✓' },
  data: [{ metadata: { start_time: '2026-03-01T07:00:00.000+00:00', name: 'Morning walk — 5 km' } }],
});
const authEvent = event('auth', { type: 'auth', status: 'success', user: { user_id: 'u-1' }, reference_id: 'ref' });

async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(() => {
  process.env[PRIVATE_ENV] = '127.0.0.1/32';
});

afterAll(async () => {
  await closeQueueConnections();
  delete process.env[PRIVATE_ENV];
});

describe('RabbitMQ destination', () => {
  const exchange = `hb-test-${run}`;
  const queue = `hb-test-${run}`;
  const settings = { host: '127.0.0.1', exchange, routingKey: 'events.{type}', user: 'guest' };
  const dest = destination('rabbitmq', settings);
  const secrets = { password: 'guest' };
  let model: ChannelModel;
  let channel: Channel;
  const received: ConsumeMessage[] = [];

  beforeAll(async () => {
    model = await amqp.connect('amqp://guest:guest@127.0.0.1:5672');
    channel = await model.createChannel();
  });

  afterAll(async () => {
    await channel.deleteQueue(queue).catch(() => {});
    await channel.deleteExchange(exchange).catch(() => {});
    await model.close();
  });

  it('declares a missing exchange as a durable topic exchange, and fails a message no queue takes', async () => {
    const answer = await rabbitmqSender.send(sendInput(dest, secrets, dataEvent));
    expect(answer.statusCode).toBeNull();
    expect(answer.error).toMatch(/no queue is bound to exchange "hb-test-.*" with routing key "events.activity"/);
    await channel.checkExchange(exchange); // throws (404) if it was not declared
    await channel.assertExchange(exchange, 'topic', { durable: true }); // throws (406) if not a durable topic
  });

  it('publishes the event JSON byte for byte with the signature and trace headers, confirmed', async () => {
    await channel.assertQueue(queue, { durable: false, autoDelete: false });
    await channel.bindQueue(queue, exchange, 'events.*');
    await channel.consume(queue, (message) => message && received.push(message), { noAck: true });

    for (const ev of [dataEvent, authEvent]) {
      const input = sendInput(dest, secrets, ev);
      const answer = await rabbitmqSender.send(input);
      expect(answer).toMatchObject({ statusCode: 200, error: null });
      expect(answer.excerpt).toContain(`routing key "events.${ev.type}"`);
    }
    await waitFor(() => (received.length >= 2 ? true : undefined), 'two messages');

    for (const [index, ev] of [dataEvent, authEvent].entries()) {
      const message = received[index];
      const input = sendInput(dest, secrets, ev);
      expect(message?.content.equals(Buffer.from(input.body, 'utf8'))).toBe(true);
      expect(message?.fields.routingKey).toBe(`events.${ev.type}`);
      expect(message?.properties).toMatchObject({
        messageId: ev.traceId,
        contentType: 'application/json',
        deliveryMode: 2,
        type: ev.type,
      });
      expect(message?.properties.headers).toMatchObject({
        'x-terra-trace-id': ev.traceId,
        'terra-signature': input.headers['terra-signature'],
        'webhook-signature': input.headers['webhook-signature'],
        'terra-reference': ev.reference,
      });
    }
  });

  it('delivers a redelivered event again with the same messageId (at-least-once: consumers dedupe by it)', async () => {
    const answer = await rabbitmqSender.send(sendInput(dest, secrets, dataEvent));
    expect(answer.statusCode).toBe(200);
    await waitFor(() => (received.length >= 3 ? true : undefined), 'the redelivered message');
    expect(received.map((m) => m.properties.messageId)).toEqual([
      dataEvent.traceId,
      authEvent.traceId,
      dataEvent.traceId,
    ]);
    expect(received[2]?.content.equals(received[0]?.content ?? Buffer.alloc(0))).toBe(true);
  });

  it('answers with an error, never a throw, for a wrong password or an unreachable port', async () => {
    const wrong = await rabbitmqSender.send(
      sendInput(destination('rabbitmq', settings), { password: 'wrong' }, authEvent),
    );
    expect(wrong).toMatchObject({ statusCode: null, excerpt: null });
    expect(wrong.error).toMatch(/ACCESS.REFUSED|403/);

    const port = await closedPort();
    const down = await rabbitmqSender.send(
      sendInput(destination('rabbitmq', { ...settings, port }), secrets, authEvent),
    );
    expect(down.statusCode).toBeNull();
    expect(down.error).toMatch(/ECONNREFUSED/);
  });

  it('refuses a private broker address unless the SSRF guard allows it', async () => {
    process.env[PRIVATE_ENV] = '';
    try {
      const answer = await rabbitmqSender.send(sendInput(destination('rabbitmq', settings), secrets, authEvent));
      expect(answer.statusCode).toBeNull();
      expect(answer.error).toMatch(new RegExp(PRIVATE_ENV));
    } finally {
      process.env[PRIVATE_ENV] = '127.0.0.1/32';
    }
  });

  it('sends a destination set to FHIR the Bundle of a data event, typed application/fhir+json', async () => {
    const fhir = { ...dest, payloadFormat: 'fhir' as const };
    const input = sendInput(fhir, secrets, dataEvent);
    expect(JSON.parse(input.body)).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(await rabbitmqSender.send(input)).toMatchObject({ statusCode: 200, error: null });
    const message = await waitFor(() => received.find((m) => m.content.equals(Buffer.from(input.body))), 'the Bundle');
    expect(message.properties.contentType).toBe('application/fhir+json');
    expect(message.properties.headers?.['terra-signature']).toBe(input.headers['terra-signature']);
  });
});

describe('NATS JetStream destination', () => {
  const stream = `HB_TEST_${run}`;
  const subjects = `hb-test-${run}`;
  const settings = { servers: ['127.0.0.1:4222'], subject: `${subjects}.events.{type}` };
  const dest = destination('nats', settings);
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    nc = await connect({ servers: '127.0.0.1:4222' });
    jsm = await nc.jetstreamManager();
    // The operator's job in production: a stream capturing the destination's subjects.
    await jsm.streams.add({ name: stream, subjects: [`${subjects}.events.>`] });
  });

  afterAll(async () => {
    await jsm.streams.delete(stream).catch(() => {});
    await nc.close();
  });

  it('publishes the event JSON byte for byte with the signature and trace headers, acknowledged by the stream', async () => {
    for (const ev of [dataEvent, authEvent]) {
      const answer = await natsSender.send(sendInput(dest, {}, ev));
      expect(answer).toMatchObject({ statusCode: 200, error: null });
      expect(answer.excerpt).toContain(`stream "${stream}" stored`);
    }
    for (const [index, ev] of [dataEvent, authEvent].entries()) {
      const input = sendInput(dest, {}, ev);
      const stored = await jsm.streams.getMessage(stream, { seq: index + 1 });
      expect(stored.subject).toBe(`${subjects}.events.${ev.type}`);
      expect(Buffer.from(stored.data).equals(Buffer.from(input.body, 'utf8'))).toBe(true);
      expect(stored.header.get('x-terra-trace-id')).toBe(ev.traceId);
      expect(stored.header.get('terra-signature')).toBe(input.headers['terra-signature']);
      expect(stored.header.get('webhook-id')).toBe(ev.traceId);
      expect(stored.header.get('Nats-Msg-Id')).toBe(ev.traceId);
    }
  });

  it('stores a redelivered event once: JetStream dedupes by msgID (the trace id)', async () => {
    const answer = await natsSender.send(sendInput(dest, {}, dataEvent));
    expect(answer).toMatchObject({ statusCode: 200, error: null });
    expect(answer.excerpt).toContain('duplicate');
    const info = await jsm.streams.info(stream);
    expect(info.state.messages).toBe(2);
  });

  it('answers with an error when no stream takes the subject', async () => {
    const orphan = destination('nats', { ...settings, subject: `hb-orphan-${run}.{type}` });
    const answer = await natsSender.send(sendInput(orphan, {}, authEvent));
    expect(answer.statusCode).toBeNull();
    expect(answer.error).toMatch(/No JetStream stream takes subject "hb-orphan-.*\.auth"/);
  });

  it('answers with an error, never a throw, for an unreachable port', async () => {
    const port = await closedPort();
    const down = destination('nats', { ...settings, servers: [`127.0.0.1:${port}`] });
    const answer = await natsSender.send(sendInput(down, {}, authEvent));
    expect(answer.statusCode).toBeNull();
    expect(answer.error).toMatch(/CONNECTION_REFUSED|ECONNREFUSED/);
  });

  // The shared NATS runs without auth; a wrong password needs a server that checks one.
  const natsServer = '/usr/sbin/nats-server';
  it.skipIf(!existsSync(natsServer))('answers with an error for a wrong password', async () => {
    const port = await closedPort();
    const child: ChildProcess = spawn(
      natsServer,
      ['-a', '127.0.0.1', '-p', String(port), '--user', 'hb', '--pass', 'right'],
      {
        stdio: 'ignore',
      },
    );
    try {
      await waitFor(
        () =>
          new Promise<true | undefined>((resolve) => {
            const socket = net.connect(port, '127.0.0.1', () => resolve(socket.end() && true));
            socket.on('error', () => resolve(undefined));
          }),
        'the password-protected nats-server',
      );
      const authed = destination('nats', { ...settings, servers: [`127.0.0.1:${port}`], user: 'hb' });
      const answer = await natsSender.send(sendInput(authed, { password: 'wrong' }, authEvent));
      expect(answer.statusCode).toBeNull();
      expect(answer.error).toMatch(/AUTHORIZATION_VIOLATION|Authorization Violation/i);
    } finally {
      child.kill();
    }
  });

  it('sends a destination set to FHIR the Bundle of a data event, typed application/fhir+json', async () => {
    const fhirEvent = { ...dataEvent, traceId: randomUUID() };
    const input = sendInput({ ...dest, payloadFormat: 'fhir' }, {}, fhirEvent);
    expect(await natsSender.send(input)).toMatchObject({ statusCode: 200, error: null });
    const stored = await jsm.streams.getMessage(stream, { last_by_subj: `${subjects}.events.activity` });
    expect(JSON.parse(Buffer.from(stored.data).toString('utf8'))).toMatchObject({ resourceType: 'Bundle' });
    expect(stored.header.get('content-type')).toBe('application/fhir+json');
  });
});
