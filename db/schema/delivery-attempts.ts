import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { deliveries } from './deliveries';

/** Every try of a delivery: when, how long, the answer (first 2 KB) or the error. */
export const deliveryAttempts = pgTable(
  'delivery_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    statusCode: integer('status_code'),
    requestHeaders: jsonb('request_headers').$type<Record<string, string>>().notNull(),
    responseExcerpt: text('response_excerpt'),
    error: text('error'),
  },
  (t) => [
    index('delivery_attempts_delivery_idx').on(t.deliveryId, t.startedAt),
    index('delivery_attempts_account_started_idx').on(t.accountId, t.startedAt),
  ],
);
