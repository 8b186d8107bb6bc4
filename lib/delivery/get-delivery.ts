import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { deliveries, deliveryAttempts, destinations, events } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { NotFound } from '../errors';
import { parseInput } from '../validation';

const unknown = 'No such delivery in this account.';
const Input = z.object({ deliveryId: z.uuid({ message: unknown }) });

/** One delivery of the account with its event (and body), its destination and every attempt, newest first. */
export async function getDelivery({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { deliveryId } = parseInput(Input, input);
  const [row] = await ctx.db
    .select({
      delivery: {
        id: deliveries.id,
        status: deliveries.status,
        attempts: deliveries.attempts,
        lastStatusCode: deliveries.lastStatusCode,
        lastError: deliveries.lastError,
        nextAttemptAt: deliveries.nextAttemptAt,
        deliveredAt: deliveries.deliveredAt,
        createdAt: deliveries.createdAt,
      },
      event: {
        id: events.id,
        type: events.type,
        userId: events.userId,
        reference: events.reference,
        traceId: events.traceId,
        body: events.body,
        createdAt: events.createdAt,
      },
      destination: { id: destinations.id, name: destinations.name, kind: destinations.kind },
    })
    .from(deliveries)
    .innerJoin(events, eq(events.id, deliveries.eventId))
    .innerJoin(destinations, eq(destinations.id, deliveries.destinationId))
    .where(and(eq(deliveries.accountId, ctx.account.id), eq(deliveries.id, deliveryId)));
  if (!row) throw NotFound(unknown);
  const attempts = await ctx.db
    .select({
      id: deliveryAttempts.id,
      startedAt: deliveryAttempts.startedAt,
      durationMs: deliveryAttempts.durationMs,
      statusCode: deliveryAttempts.statusCode,
      requestHeaders: deliveryAttempts.requestHeaders,
      responseExcerpt: deliveryAttempts.responseExcerpt,
      error: deliveryAttempts.error,
    })
    .from(deliveryAttempts)
    .where(and(eq(deliveryAttempts.accountId, ctx.account.id), eq(deliveryAttempts.deliveryId, deliveryId)))
    .orderBy(desc(deliveryAttempts.startedAt), desc(deliveryAttempts.id));
  return { ...row, attempts };
}
