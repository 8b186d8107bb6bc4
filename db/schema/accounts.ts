import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A developer account (tenant). `devId` is the public id sent as the `dev-id` header. */
export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey().defaultRandom(),
  devId: text('dev_id').notNull().unique(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
