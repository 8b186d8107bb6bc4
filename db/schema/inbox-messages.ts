import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { destinations } from './destinations';

/** What the built-in inbox destination received over HTTP, with whether each signature verified. */
export const inboxMessages = pgTable(
  'inbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    destinationId: uuid('destination_id')
      .notNull()
      .references(() => destinations.id, { onDelete: 'cascade' }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    body: text('body').notNull(),
    terraSignatureValid: boolean('terra_signature_valid').notNull(),
    webhookSignatureValid: boolean('webhook_signature_valid').notNull(),
  },
  (t) => [index('inbox_messages_destination_idx').on(t.destinationId, t.receivedAt)],
);
