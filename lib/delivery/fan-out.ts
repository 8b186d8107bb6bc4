import { and, eq } from 'drizzle-orm';
import { deliveries, destinations } from '@/db/schema';
import type { Ctx } from '../context';
import { channels, wakeWorkers } from '../jobs/wake';

/**
 * The outbox: one delivery per enabled destination of the account whose event filter matches,
 * written in the caller's transaction, so that an event and its deliveries commit together.
 */
export async function fanOut(ctx: Ctx, event: { id: string; type: string }): Promise<number> {
  const targets = await ctx.db
    .select({ id: destinations.id, eventTypes: destinations.eventTypes })
    .from(destinations)
    .where(and(eq(destinations.accountId, ctx.account.id), eq(destinations.status, 'enabled')));
  const matching = targets.filter((d) => d.eventTypes.length === 0 || d.eventTypes.includes(event.type));
  if (matching.length === 0) return 0;
  await ctx.db
    .insert(deliveries)
    .values(matching.map((d) => ({ accountId: ctx.account.id, eventId: event.id, destinationId: d.id })));
  await wakeWorkers(ctx, channels.deliveries);
  return matching.length;
}
