import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Calls taken from a rate budget, per minute: what the overview charts against the limit. */
export const rateBudgetMinutes = pgTable(
  'rate_budget_minutes',
  {
    key: text('key').notNull(),
    minute: timestamp('minute', { withTimezone: true }).notNull(),
    calls: integer('calls').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.minute] })],
);
