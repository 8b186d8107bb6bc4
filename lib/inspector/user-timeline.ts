import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import { z } from 'zod';
import { deliveries, destinations, events } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { parseInput } from '../validation';
import { inspectedConnection, UserId } from './inspected-connection';

const Input = z.object({
  userId: UserId,
  /** The `seq` of the last event already shown: the next page starts below it. */
  before: z.coerce
    .number({ message: 'before: that link is broken; start again from the newest events.' })
    .int({ message: 'before: that link is broken; start again from the newest events.' })
    .positive({ message: 'before: that link is broken; start again from the newest events.' })
    .optional(),
  limit: z.number().int().min(1).max(100).default(20),
});

/**
 * A user's events, newest first, each with its deliveries (one per destination: status, attempts,
 * last answer). Paged by `before` (an event's seq), so new events never shift the older pages.
 */
export async function userTimeline({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { userId, before, limit } = parseInput(Input, input);
  const connection = await inspectedConnection(ctx, userId);
  const rows = await ctx.db
    .select({
      id: events.id,
      seq: events.seq,
      type: events.type,
      reference: events.reference,
      createdAt: events.createdAt,
    })
    .from(events)
    .where(
      and(
        eq(events.accountId, ctx.account.id),
        eq(events.userId, connection.id),
        before === undefined ? undefined : lt(events.seq, before),
      ),
    )
    .orderBy(desc(events.seq))
    .limit(limit + 1);
  const shown = rows.slice(0, limit);
  const sent = shown.length
    ? await ctx.db
        .select({
          id: deliveries.id,
          eventId: deliveries.eventId,
          status: deliveries.status,
          attempts: deliveries.attempts,
          lastStatusCode: deliveries.lastStatusCode,
          lastError: deliveries.lastError,
          nextAttemptAt: deliveries.nextAttemptAt,
          deliveredAt: deliveries.deliveredAt,
          destinationName: destinations.name,
          destinationKind: destinations.kind,
        })
        .from(deliveries)
        .innerJoin(destinations, eq(destinations.id, deliveries.destinationId))
        .where(
          and(
            eq(deliveries.accountId, ctx.account.id),
            inArray(
              deliveries.eventId,
              shown.map((e) => e.id),
            ),
          ),
        )
        .orderBy(asc(destinations.name), asc(deliveries.id))
    : [];
  const items = shown.map((event) => ({ ...event, deliveries: sent.filter((d) => d.eventId === event.id) }));
  const last = shown.at(-1);
  return { items, nextBefore: rows.length > limit && last ? last.seq : null, first: before === undefined };
}

export type TimelineItem = Awaited<ReturnType<typeof userTimeline>>['items'][number];
