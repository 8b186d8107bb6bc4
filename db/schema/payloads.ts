import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { connections } from './connections';

/**
 * Terra payloads made from raw records, one per natural key: `summary_id` for activity and sleep,
 * the local date for daily and body, `athlete` for the athlete.
 */
export const payloads = pgTable(
  'payloads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    type: text('type', { enum: ['activity', 'body', 'daily', 'sleep', 'athlete'] }).notNull(),
    naturalKey: text('natural_key').notNull(),
    day: date('day').notNull(),
    startTime: timestamp('start_time', { withTimezone: true }).notNull(),
    payload: jsonb('payload').notNull(),
    /** The payload without its samples (every `*samples*` array emptied): what `with_samples=false` serves. */
    summary: jsonb('summary').notNull(),
    /** Serialized sizes, to refuse or chunk large answers before loading them. */
    payloadBytes: integer('payload_bytes').notNull(),
    summaryBytes: integer('summary_bytes').notNull(),
    payloadHash: text('payload_hash').notNull(),
    rawRecordIds: uuid('raw_record_ids').array().notNull(),
    dropped: jsonb('dropped').$type<Record<string, number>>().notNull().default({}),
    /** The paths that hold data (lib/payloads/fields/filled-fields.ts), for field coverage without reading samples; null before 0014. */
    filledFields: text('filled_fields').array(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payloads_natural_key_idx').on(t.userId, t.type, t.naturalKey),
    index('payloads_user_type_start_idx').on(t.userId, t.type, t.startTime),
    index('payloads_account_type_updated_idx').on(t.accountId, t.type, t.updatedAt),
  ],
);
