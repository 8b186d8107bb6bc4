import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';

/**
 * A request for history: a backfill started from the dashboard (date range, data types, one user or
 * all) or a REST data request sent with `to_webhook`. Its data goes out as events under `reference`.
 */
export const backfills = pgTable(
  'backfills',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['backfill', 'request'] }).notNull(),
    /** The one user, or null with `allUsers` (a user deleted later keeps the row). */
    userId: uuid('user_id'),
    allUsers: boolean('all_users').notNull().default(false),
    dataTypes: text('data_types').array().notNull(),
    /** Local days, end exclusive; a request's exact bounds are in `bounds`. */
    startDay: date('start_day').notNull(),
    endDay: date('end_day').notNull(),
    bounds: jsonb('bounds'),
    withSamples: boolean('with_samples').notNull().default(true),
    /** `events`: delivered; `none`: history fetched for an inline request that ran out of time. */
    delivery: text('delivery', { enum: ['events', 'none'] })
      .notNull()
      .default('events'),
    /** A REST request spanning more than one calendar month: Terra's large-request flow. */
    large: boolean('large').notNull().default(false),
    reference: text('reference').notNull(),
    requestedBy: text('requested_by').notNull(),
    /** `GET /v2/daily` for a REST request, null for a dashboard backfill. */
    endpoint: text('endpoint'),
    status: text('status', { enum: ['queued', 'running', 'done', 'cancelled', 'failed'] })
      .notNull()
      .default('queued'),
    partsTotal: integer('parts_total').notNull(),
    partsDone: integer('parts_done').notNull().default(0),
    /** What was fetched and delivered: payloads by type, events, days fetched, failed parts. */
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('backfills_account_created_idx').on(t.accountId, t.createdAt)],
);

/** One user-month of a backfill: one pg-boss job fetches its missing days and delivers it. */
export const backfillParts = pgTable(
  'backfill_parts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    backfillId: uuid('backfill_id')
      .notNull()
      .references(() => backfills.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    startDay: date('start_day').notNull(),
    endDay: date('end_day').notNull(),
    status: text('status', { enum: ['pending', 'queued', 'running', 'done', 'failed', 'cancelled'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** A queued or running part whose lease passed lost its worker and is queued again. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: text('error'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('backfill_parts_backfill_idx').on(t.backfillId, t.startDay),
    index('backfill_parts_due_idx').on(t.status, t.nextAttemptAt),
  ],
);
