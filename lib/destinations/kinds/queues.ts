import { z } from 'zod';

// Queue destinations: the non-secret settings (shown back, kept in `destinations.settings`) and
// the credentials (encrypted into `destinations.secrets`) of RabbitMQ and NATS JetStream.

const hostName = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[^\s/:@?#]+$|^\[[0-9a-f:.]+\]$/i, { message: 'Enter a host name or IP address, without scheme or port.' });

/** `{type}` in a routing key or subject is replaced by the event type (`auth`, `activity`, …). */
const withType = z.string().trim().max(255);

export const rabbitmqSettings = z.object({
  host: hostName,
  port: z.number().int().min(1).max(65_535).default(5672),
  vhost: z.string().min(1).max(255).default('/'),
  /** Asserted as a durable topic exchange when missing; empty means the default exchange (routing key = queue). */
  exchange: z.string().trim().max(255),
  routingKey: withType.default('heartbridge.{type}'),
  user: z.string().min(1).max(255),
  tls: z.boolean().default(false),
});
export type RabbitmqSettings = z.output<typeof rabbitmqSettings>;

export const rabbitmqSecrets = z.object({ password: z.string().min(1).max(1024) });
export type RabbitmqSecrets = z.output<typeof rabbitmqSecrets>;

const natsServer = z
  .string()
  .trim()
  .regex(/^(nats:\/\/|tls:\/\/)?([^\s/:@?#]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i, {
    message: 'Enter servers as host:port.',
  });

/**
 * The subject must be captured by an existing JetStream stream: the sender never creates streams
 * (retention and limits are the operator's decision), and a publish to a subject no stream takes fails.
 */
export const natsSettings = z.object({
  servers: z.array(natsServer).min(1).max(10),
  subject: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^[^\s*>]+$/, { message: 'A subject has no spaces or wildcards.' }),
  user: z.string().min(1).max(255).optional(),
});
export type NatsSettings = z.output<typeof natsSettings>;

export const natsSecrets = z.object({
  password: z.string().min(1).max(1024).optional(),
  token: z.string().min(1).max(4096).optional(),
});
export type NatsSecrets = z.output<typeof natsSecrets>;

/** Replaces `{type}` with the event type. */
export function withEventType(template: string, type: string): string {
  return template.replaceAll('{type}', type);
}

/** The `host:port` each broker connection goes to, for the SSRF guard (at save time and before connecting). */
export function queueHosts(settings: RabbitmqSettings | NatsSettings): string[] {
  if ('servers' in settings) return settings.servers.map((server) => server.replace(/^(nats|tls):\/\//i, ''));
  return [`${settings.host}:${settings.port}`];
}
