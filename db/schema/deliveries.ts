import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { destinations } from './destinations';
import { events } from './events';

/** One event to one destination: written with the event (the outbox), then attempted until delivered or dead. */
export const deliveries = pgTable(
  'deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    destinationId: uuid('destination_id')
      .notNull()
      .references(() => destinations.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['pending', 'delivered', 'retrying', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    lastStatusCode: integer('last_status_code'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** Set when a `deliver` job is queued for it: not queued again before, so a crashed worker's come back after. */
    queuedUntil: timestamp('queued_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('deliveries_event_destination_idx').on(t.eventId, t.destinationId),
    index('deliveries_due_idx').on(t.destinationId, t.nextAttemptAt).where(sql`${t.status} in ('pending', 'retrying')`),
    index('deliveries_account_created_idx').on(t.accountId, t.createdAt),
    index('deliveries_failing_idx').on(t.accountId, t.eventId).where(sql`${t.status} in ('retrying', 'dead')`),
  ],
);
