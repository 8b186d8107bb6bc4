import { createHash } from 'node:crypto';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { z } from 'zod';
import { connect, headers as natsHeaders, type JetStreamClient, type NatsConnection } from 'nats';
import {
  type NatsSecrets,
  type NatsSettings,
  natsSecrets,
  natsSettings,
  queueHosts,
  type RabbitmqSecrets,
  type RabbitmqSettings,
  rabbitmqSecrets,
  rabbitmqSettings,
  withEventType,
} from '../../destinations/kinds/queues';
import { assertDestinationHostAllowed, guardedLookup } from '../../security/ssrf';
import { type Sender, timed } from './sender';

// Queue destinations: the event JSON, byte for byte as signed, is the message body; the signature
// and trace headers travel as message headers. A send resolves only once the broker has the message.

interface Link {
  close(): Promise<void>;
}

interface CachedLink<T extends Link> {
  fingerprint: string;
  link: Promise<T>;
}

/** One connection per destination id, replaced when its settings or credentials change, dropped on error. */
class LinkCache<T extends Link> {
  readonly #links = new Map<string, CachedLink<T>>();

  get(id: string, fingerprint: string, open: (drop: () => void) => Promise<T>): Promise<T> {
    const cached = this.#links.get(id);
    if (cached?.fingerprint === fingerprint) return cached.link;
    if (cached) this.#forget(id, cached);
    let entry: CachedLink<T> | undefined;
    const link = open(() => entry && this.#forget(id, entry));
    entry = { fingerprint, link };
    this.#links.set(id, entry);
    link.catch(() => entry && this.#forget(id, entry));
    return link;
  }

  /** Forgets and closes a destination's link. */
  drop(id: string): void {
    const entry = this.#links.get(id);
    if (entry) this.#forget(id, entry);
  }

  /** Forgets and closes `entry`, unless it has been replaced already. */
  #forget(id: string, entry: CachedLink<T>): void {
    if (this.#links.get(id) !== entry) return;
    this.#links.delete(id);
    entry.link.then((link) => link.close()).catch(() => {});
  }

  async closeAll(): Promise<void> {
    const entries = [...this.#links.values()];
    this.#links.clear();
    await Promise.allSettled(entries.map(async (entry) => (await entry.link).close()));
  }
}

function fingerprint(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Rejects after `ms` and runs `onTimeout`, so that a stuck link is not reused. */
function withTimeout<T>(work: Promise<T>, ms: number, what: string, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`${what} timed out after ${ms} ms`));
    }, ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

async function guardHosts(hosts: string[]): Promise<void> {
  for (const host of hosts) await assertDestinationHostAllowed(host); // again at send: the lookup hook misses IP literals
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`The destination's ${what} are incomplete or invalid; edit the destination.`);
  return parsed.data;
}

interface RabbitLink extends Link {
  channel: ConfirmChannel;
  /** Message ids the broker returned as unroutable; the return arrives before the confirm. */
  returned: Set<string>;
}

const rabbitLinks = new LinkCache<RabbitLink>();

async function openRabbit(
  destinationId: string,
  settings: RabbitmqSettings,
  { password }: RabbitmqSecrets,
  timeoutMs: number,
  drop: () => void,
): Promise<RabbitLink> {
  const model: ChannelModel = await amqp.connect(
    {
      protocol: settings.tls ? 'amqps' : 'amqp',
      hostname: settings.host.replace(/^\[(.*)\]$/, '$1'),
      port: settings.port,
      vhost: settings.vhost,
      username: settings.user,
      password,
      heartbeat: 30,
    },
    {
      timeout: timeoutMs,
      lookup: guardedLookup,
      clientProperties: { connection_name: `heartbridge destination ${destinationId}` },
    },
  );
  model.on('error', drop);
  model.on('close', drop);
  try {
    if (settings.exchange !== '') await ensureExchange(model, settings.exchange);
    const channel = await model.createConfirmChannel();
    const returned = new Set<string>();
    channel.on('return', (message) => returned.add(String(message.properties.messageId)));
    channel.on('error', drop);
    channel.on('close', drop);
    return { channel, returned, close: () => model.close() };
  } catch (error) {
    await model.close().catch(() => {});
    throw error;
  }
}

/** Declares the exchange as a durable topic exchange only when it is missing, so an existing one of any type is used as is. */
async function ensureExchange(model: ChannelModel, exchange: string): Promise<void> {
  const probe = await model.createChannel();
  probe.on('error', () => {}); // a 404 closes the probe channel; the rejected check below reports it
  try {
    await probe.checkExchange(exchange);
    await probe.close();
    return;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 404) throw error;
  }
  const declare = await model.createChannel();
  declare.on('error', () => {});
  await declare.assertExchange(exchange, 'topic', { durable: true });
  await declare.close();
}

/** RabbitMQ: a persistent message on a confirm channel, `messageId` = trace id for consumers to dedupe (at-least-once). */
export const rabbitmqSender: Sender = {
  send(input) {
    return timed(async () => {
      const { destination, event } = input;
      const settings = parseOrThrow(rabbitmqSettings, destination.settings, 'RabbitMQ settings');
      const secrets = parseOrThrow(rabbitmqSecrets, input.secrets, 'RabbitMQ credentials');
      await guardHosts(queueHosts(settings));
      const timeoutMs = destination.timeoutSeconds * 1000;
      const key = fingerprint(destination.settings, input.secrets);
      const dropLink = () => rabbitLinks.drop(destination.id);
      const link = await withTimeout(
        rabbitLinks.get(destination.id, key, (drop) => openRabbit(destination.id, settings, secrets, timeoutMs, drop)),
        timeoutMs,
        `Connecting to RabbitMQ at ${settings.host}:${settings.port}`,
        dropLink,
      );
      const routingKey = withEventType(settings.routingKey, event.type);
      const confirmed = new Promise<void>((resolve, reject) => {
        link.channel.publish(
          settings.exchange,
          routingKey,
          Buffer.from(input.body, 'utf8'),
          {
            persistent: true,
            mandatory: true,
            contentType: input.headers['content-type'] ?? 'application/json',
            messageId: event.traceId,
            type: event.type,
            timestamp: Math.floor(event.createdAt.getTime() / 1000),
            appId: 'heartbridge',
            headers: input.headers,
          },
          (error: unknown) =>
            error ? reject(error instanceof Error ? error : new Error('RabbitMQ nacked the message')) : resolve(),
        );
      });
      await withTimeout(confirmed, timeoutMs, 'Waiting for the RabbitMQ confirm', dropLink);
      const where = `exchange "${settings.exchange || '(default)'}" with routing key "${routingKey}"`;
      if (link.returned.delete(event.traceId))
        throw new Error(`RabbitMQ could not route the message: no queue is bound to ${where}.`);
      return `Confirmed by RabbitMQ: ${where}, message id ${event.traceId}`;
    });
  },
};

interface NatsLink extends Link {
  js: JetStreamClient;
}

const natsLinks = new LinkCache<NatsLink>();

async function openNats(
  destinationId: string,
  settings: NatsSettings,
  secrets: NatsSecrets,
  timeoutMs: number,
  drop: () => void,
): Promise<NatsLink> {
  const nc: NatsConnection = await connect({
    servers: settings.servers,
    ...(settings.user ? { user: settings.user, pass: secrets.password ?? '' } : {}),
    ...(secrets.token ? { token: secrets.token } : {}),
    name: `heartbridge destination ${destinationId}`,
    timeout: timeoutMs,
    ignoreClusterUpdates: true, // connect only to the servers the guard checked, never to ones the cluster gossips
    maxReconnectAttempts: 5,
  });
  nc.closed().then(drop, drop);
  return { js: nc.jetstream(), close: () => nc.close() };
}

/**
 * NATS JetStream: a publish acknowledged by the stream, `Nats-Msg-Id` = trace id, so a redelivery
 * inside the stream's duplicate window is stored once. The subject must belong to an existing stream;
 * otherwise the publish fails (no responders) and the delivery is retried.
 */
export const natsSender: Sender = {
  send(input) {
    return timed(async () => {
      const { destination, event } = input;
      const settings = parseOrThrow(natsSettings, destination.settings, 'NATS settings');
      const secrets = parseOrThrow(natsSecrets, input.secrets, 'NATS credentials');
      await guardHosts(queueHosts(settings));
      const timeoutMs = destination.timeoutSeconds * 1000;
      const key = fingerprint(destination.settings, input.secrets);
      const link = await withTimeout(
        natsLinks.get(destination.id, key, (drop) => openNats(destination.id, settings, secrets, timeoutMs, drop)),
        timeoutMs,
        `Connecting to NATS at ${settings.servers.join(', ')}`,
        () => natsLinks.drop(destination.id),
      );
      const subject = withEventType(settings.subject, event.type);
      const headers = natsHeaders();
      for (const [name, value] of Object.entries(input.headers)) headers.set(name, value);
      headers.set('content-type', input.headers['content-type'] ?? 'application/json');
      try {
        const ack = await link.js.publish(subject, Buffer.from(input.body, 'utf8'), {
          msgID: event.traceId,
          headers,
          timeout: timeoutMs,
        });
        const what = ack.duplicate ? 'already stored (duplicate)' : 'stored';
        return `JetStream stream "${ack.stream}" ${what} as #${ack.seq}, subject "${subject}"`;
      } catch (error) {
        if ((error as { code?: unknown }).code === '503')
          throw new Error(`No JetStream stream takes subject "${subject}": create a stream that captures it.`);
        throw error;
      }
    });
  },
};

/** Closes every cached broker connection (worker shutdown, tests). */
export async function closeQueueConnections(): Promise<void> {
  await Promise.all([rabbitLinks.closeAll(), natsLinks.closeAll()]);
}
