import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';

/** How a destination receives data events: Terra's JSON, or FHIR R4 Bundles (docs/formats.md). */
export const payloadFormats = ['terra', 'fhir'] as const;

export const destinationKinds = [
  'webhook',
  'inbox',
  'postgres',
  'mysql',
  's3',
  'azure_blob',
  'rabbitmq',
  'nats',
] as const;

/**
 * Where an account's events go. `settings` holds what may be shown (a URL, a timeout); `secrets`
 * and `signingSecrets` are encrypted and never read back to a browser.
 */
export const destinations = pgTable(
  'destinations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: destinationKinds }).notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: ['enabled', 'disabled'] })
      .notNull()
      .default('enabled'),
    disabledReason: text('disabled_reason'),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    /** Encrypted JSON of the kind's credentials (passwords, keys, connection strings); null when it has none. */
    secrets: text('secrets'),
    /** Encrypted JSON: `[{secret, expiresAt?}]`, newest first; two during a rotation overlap. */
    signingSecrets: text('signing_secrets').notNull(),
    /** Data events as Terra JSON or FHIR Bundles; lifecycle events are always Terra JSON. */
    payloadFormat: text('payload_format', { enum: payloadFormats }).notNull().default('terra'),
    /** Event types delivered; empty means all. */
    eventTypes: text('event_types').array().notNull().default([]),
    timeoutSeconds: integer('timeout_seconds').notNull().default(8),
    maxRetries: integer('max_retries').notNull().default(10),
    /** The retry schedule: doubling from `retryBaseSeconds`, capped at `retryCapSeconds`. */
    retryBaseSeconds: integer('retry_base_seconds').notNull().default(30),
    retryCapSeconds: integer('retry_cap_seconds').notNull().default(28_800),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    failingSince: timestamp('failing_since', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('destinations_account_idx').on(t.accountId)],
);
