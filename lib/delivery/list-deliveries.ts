import { desc, eq } from 'drizzle-orm';
import { deliveries, destinations, events } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';

/** The account's latest deliveries with their event and destination, newest first. */
export async function listDeliveries({ ctx, input = {} }: { ctx: Ctx; input?: { limit?: number } }) {
  authorize(ctx, 'account.read');
  return ctx.db
    .select({
      id: deliveries.id,
      status: deliveries.status,
      attempts: deliveries.attempts,
      lastStatusCode: deliveries.lastStatusCode,
      lastError: deliveries.lastError,
      nextAttemptAt: deliveries.nextAttemptAt,
      deliveredAt: deliveries.deliveredAt,
      createdAt: deliveries.createdAt,
      eventType: events.type,
      userId: events.userId,
      reference: events.reference,
      destinationName: destinations.name,
      destinationKind: destinations.kind,
    })
    .from(deliveries)
    .innerJoin(events, eq(events.id, deliveries.eventId))
    .innerJoin(destinations, eq(destinations.id, deliveries.destinationId))
    .where(eq(deliveries.accountId, ctx.account.id))
    .orderBy(desc(deliveries.createdAt))
    .limit(Math.min(500, Math.max(1, input.limit ?? 200)));
}
