import { bigserial, index, integer, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';

/** Days requested from the data endpoints, per user: Terra's r2 limit counts them over a rolling hour. */
export const dataRequestUsage = pgTable(
  'data_request_usage',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    days: integer('days').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('data_request_usage_user_at_idx').on(t.userId, t.at)],
);
