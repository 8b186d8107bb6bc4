import { sql } from 'drizzle-orm';
import type { Ctx } from '../context';

/** The channels on which a change wakes the workers of every process (each `LISTEN`s in lib/jobs/worker.ts). */
export const channels = {
  /** New or replayed deliveries: the delivery dispatcher claims them. */
  deliveries: 'heartbridge_deliveries',
  /** A connection made due now ("Resync now"): the scheduler queues its poll. */
  polls: 'heartbridge_polls',
} as const;

/** Sent in the caller's transaction: PostgreSQL delivers it on commit, and only then, once per transaction. */
export async function wakeWorkers(ctx: Pick<Ctx, 'db'>, channel: (typeof channels)[keyof typeof channels]) {
  await ctx.db.execute(sql`select pg_notify(${channel}, '')`);
}
