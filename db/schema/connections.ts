import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';

/** An end user's connected provider account: Terra's "user". Its id is the Terra `user_id`. */
export const connections = pgTable(
  'connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    provider: text('provider', { enum: ['CARDIOMOOD'] }).notNull(),
    referenceId: text('reference_id'),
    /** The user's id at the provider, to recognize a reconnection of the same account. */
    providerUserId: text('provider_user_id').notNull(),
    scopes: text('scopes'),
    status: text('status', { enum: ['active', 'inactive'] })
      .notNull()
      .default('active'),
    /** Encrypted tokens (lib/security/encryption.ts). */
    accessToken: text('access_token').notNull(),
    refreshToken: text('refresh_token'),
    tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }),
    utcOffsetMinutes: integer('utc_offset_minutes'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastPollAt: timestamp('last_poll_at', { withTimezone: true }),
    nextPollAt: timestamp('next_poll_at', { withTimezone: true }).notNull().defaultNow(),
    lastDataAt: timestamp('last_data_at', { withTimezone: true }),
    lastWebhookAt: timestamp('last_webhook_at', { withTimezone: true }),
    lastError: text('last_error'),
  },
  (t) => [
    uniqueIndex('connections_account_provider_user_idx').on(t.accountId, t.provider, t.providerUserId),
    index('connections_account_reference_idx').on(t.accountId, t.referenceId),
    index('connections_due_idx').on(t.status, t.nextPollAt),
    // The Users page sorts any of these within an account, over 100,000 connections.
    index('connections_account_created_idx').on(t.accountId, t.createdAt),
    index('connections_account_last_poll_idx').on(t.accountId, t.lastPollAt),
    index('connections_account_last_data_idx').on(t.accountId, t.lastDataAt),
    index('connections_account_last_webhook_idx').on(t.accountId, t.lastWebhookAt),
  ],
);
