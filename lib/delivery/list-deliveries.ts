import { and, asc, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { deliveries, destinations, events } from '@/db/schema';
import { authorize } from '../auth/roles';
import { offsetOf, pageFields } from '../pagination';
import type { Ctx } from '../context';
import { parseInput } from '../validation';

export const deliveryStatuses = ['pending', 'delivered', 'retrying', 'dead'] as const;
export const deliverySorts = ['created_at', 'next_attempt_at', 'attempts'] as const;

const isoPattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A real calendar day, alone or with a time and zone: a zone-less time would depend on the server's clock. */
function isIsoDate(value: string): boolean {
  if (!isoPattern.test(value) || Number.isNaN(Date.parse(value))) return false;
  const day = value.slice(0, 10);
  return new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
}

/** A day (`2025-01-31`, midnight UTC) or an instant (`2025-01-31T12:00:00Z`). */
export function isoDate(field: string) {
  return z
    .string()
    .trim()
    .refine(isIsoDate, { message: `${field}: enter a date like 2025-01-31.` })
    .transform((value) => new Date(value));
}

/** Refuses a range whose start comes after its end, naming `from`. */
export function fromNotAfterTo(range: { from?: Date; to?: Date }, context: z.RefinementCtx) {
  if (range.from && range.to && range.from > range.to) {
    context.addIssue({
      code: 'custom',
      path: ['from'],
      message: 'from: the start date must not be after the end date (to).',
    });
  }
}

const Input = z
  .object({
    ...pageFields,
    sort: z
      .enum(deliverySorts, { message: 'sort: sort by created_at, next_attempt_at or attempts.' })
      .default('created_at'),
    status: z.enum(deliveryStatuses, { message: 'status: pick pending, delivered, retrying or dead.' }).optional(),
    destinationId: z.uuid({ message: 'destinationId: unknown destination.' }).optional(),
    eventType: z.string().trim().min(1).max(50).optional(),
    userId: z.uuid({ message: 'userId: a user id is a UUID.' }).optional(),
    from: isoDate('from').optional(),
    /** Exclusive. */
    to: isoDate('to').optional(),
  })
  .superRefine(fromNotAfterTo);

export type ListDeliveriesInput = z.input<typeof Input>;

/** One page of the account's deliveries with their event and destination, filtered and sorted. */
export async function listDeliveries({ ctx, input = {} }: { ctx: Ctx; input?: ListDeliveriesInput }) {
  authorize(ctx, 'account.read');
  const params = parseInput(Input, input);
  const where = and(
    eq(deliveries.accountId, ctx.account.id),
    params.status ? eq(deliveries.status, params.status) : undefined,
    params.destinationId ? eq(deliveries.destinationId, params.destinationId) : undefined,
    params.from ? gte(deliveries.createdAt, params.from) : undefined,
    params.to ? lt(deliveries.createdAt, params.to) : undefined,
    params.eventType ? eq(events.type, params.eventType) : undefined,
    params.userId ? eq(events.userId, params.userId) : undefined,
  );
  const column = {
    created_at: deliveries.createdAt,
    next_attempt_at: deliveries.nextAttemptAt,
    attempts: deliveries.attempts,
  }[params.sort];
  const direction = params.dir === 'asc' ? asc : desc;
  // The id breaks ties so that pages neither repeat nor skip rows.
  const orderBy: SQL[] = [direction(column), direction(deliveries.id)];
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select({
        id: deliveries.id,
        status: deliveries.status,
        attempts: deliveries.attempts,
        lastStatusCode: deliveries.lastStatusCode,
        lastError: deliveries.lastError,
        nextAttemptAt: deliveries.nextAttemptAt,
        deliveredAt: deliveries.deliveredAt,
        createdAt: deliveries.createdAt,
        eventId: deliveries.eventId,
        eventType: events.type,
        userId: events.userId,
        reference: events.reference,
        destinationId: deliveries.destinationId,
        destinationName: destinations.name,
        destinationKind: destinations.kind,
      })
      .from(deliveries)
      .innerJoin(events, eq(events.id, deliveries.eventId))
      .innerJoin(destinations, eq(destinations.id, deliveries.destinationId))
      .where(where)
      .orderBy(...orderBy)
      .limit(params.perPage)
      .offset(offsetOf(params)),
    ctx.db
      .select({ total: count() })
      .from(deliveries)
      .innerJoin(events, eq(events.id, deliveries.eventId))
      .where(where),
  ]);
  return { rows, total: counted?.total ?? 0, page: params.page, perPage: params.perPage };
}
