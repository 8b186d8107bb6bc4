import { sql } from 'drizzle-orm';
import type { Ctx } from '../context';

/** The channel on which new or replayed deliveries wake the dispatchers of every worker process. */
export const deliveriesChannel = 'heartbridge_deliveries';

/** Sent in the caller's transaction: PostgreSQL delivers it on commit, and only then, once per transaction. */
export async function wakeDispatchers(ctx: Pick<Ctx, 'db'>): Promise<void> {
  await ctx.db.execute(sql`select pg_notify(${deliveriesChannel}, '')`);
}
