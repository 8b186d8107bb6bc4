import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { widgetSessions } from './widget-sessions';

/** One authorization attempt at a provider: the single-use, expiring `state` and where to send the user after. */
export const oauthStates = pgTable('oauth_states', {
  /** SHA-256 of the state sent to the provider; the state itself is never stored. */
  stateHash: text('state_hash').primaryKey(),
  accountId: uuid('account_id')
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  provider: text('provider', { enum: ['CARDIOMOOD'] }).notNull(),
  /** The Terra `user_id` the connection will have, handed out before the user connects. */
  userId: uuid('user_id').notNull().defaultRandom(),
  widgetSessionId: uuid('widget_session_id').references(() => widgetSessions.id, { onDelete: 'cascade' }),
  referenceId: text('reference_id'),
  successUrl: text('success_url'),
  failureUrl: text('failure_url'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
