import { boolean, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';

/** A provider set up for an account: its client app at the provider and how Heartbridge polls it. */
export const integrations = pgTable(
  'integrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    provider: text('provider', { enum: ['CARDIOMOOD'] }).notNull(),
    enabled: boolean('enabled').notNull().default(false),
    clientId: text('client_id').notNull().default(''),
    /** Encrypted (lib/security/encryption.ts); never sent to a browser. */
    clientSecret: text('client_secret'),
    apiBaseUrl: text('api_base_url').notNull(),
    authBaseUrl: text('auth_base_url').notNull(),
    pollIntervalMinutes: integer('poll_interval_minutes').notNull().default(60),
    lookbackDays: integer('lookback_days').notNull().default(2),
    rateLimitPerMinute: integer('rate_limit_per_minute').notNull().default(180),
    /** Custom URL schemes (mobile apps) allowed in connect redirect URLs, besides http(s). */
    appSchemes: text('app_schemes').array().notNull().default([]),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('integrations_account_provider_idx').on(t.accountId, t.provider)],
);
