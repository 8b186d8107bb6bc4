import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';

/** A hosted connect page handed to one end user (`POST /v2/auth/generateWidgetSession`); lives 15 minutes. */
export const widgetSessions = pgTable('widget_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id')
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  providers: text('providers').array().notNull(),
  referenceId: text('reference_id'),
  language: text('language'),
  successUrl: text('success_url'),
  failureUrl: text('failure_url'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
