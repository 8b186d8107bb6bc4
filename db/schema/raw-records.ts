import { date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { connections } from './connections';

/**
 * CardioMood's answers, kept verbatim (the exact text received) with a SHA-256 of it, so that an
 * unchanged answer is recognized. One row per user, source and local day: the latest answer.
 */
export const rawRecords = pgTable(
  'raw_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    day: date('day').notNull(),
    body: text('body').notNull(),
    contentHash: text('content_hash').notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('raw_records_user_source_day_idx').on(t.userId, t.source, t.day),
    index('raw_records_account_idx').on(t.accountId),
  ],
);
