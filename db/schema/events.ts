import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';

/**
 * Every Terra event Heartbridge emits (data and lifecycle), written in the same transaction as the
 * change that caused it: the outbox deliveries are made from.
 */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Emission order, also within one transaction. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id'),
    type: text('type').notNull(),
    /** The `terra-reference` tying a request to the events it caused. */
    reference: text('reference').notNull(),
    /** Stable across every delivery attempt. */
    traceId: text('trace_id').notNull(),
    body: jsonb('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('events_account_seq_idx').on(t.accountId, t.seq),
    index('events_user_idx').on(t.userId, t.seq),
    index('events_account_created_idx').on(t.accountId, t.createdAt),
    // Deauth events are few and purged once delivered (lib/data-rights/purge-deauth-events.ts).
    index('events_deauth_idx').on(t.createdAt).where(sql`${t.type} = 'deauth'`),
  ],
);
