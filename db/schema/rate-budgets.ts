import { doublePrecision, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One token bucket per provider client app, shared by every worker process: calls to the provider
 * take tokens, which refill at the app's rate limit. `blockedUntil` holds everyone back after a 429.
 */
export const rateBudgets = pgTable('rate_budgets', {
  key: text('key').primaryKey(),
  tokens: doublePrecision('tokens').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  blockedUntil: timestamp('blocked_until', { withTimezone: true }),
});
