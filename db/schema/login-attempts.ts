import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Failed sign-ins per throttle key (`email:<address>` or `ip:<address>`) in the current window. */
export const loginAttempts = pgTable('login_attempts', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});
