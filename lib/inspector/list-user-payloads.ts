import { and, between, count, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { payloads } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { offsetOf, pageFields } from '../pagination';
import { parseInput } from '../validation';
import { dayRangeFields, inDayRange } from './date-range';
import { inspectedConnection, UserId } from './inspected-connection';

export const payloadTypes = ['activity', 'body', 'daily', 'sleep', 'athlete'] as const;

const Input = z
  .object({
    userId: UserId,
    type: z.enum(payloadTypes, { message: 'type: pick activity, body, daily, sleep or athlete.' }).optional(),
    page: pageFields.page,
    perPage: pageFields.perPage,
    ...dayRangeFields,
  })
  .transform(inDayRange);

/** One page of a user's payloads of `[from, to]` (local days), newest first, without their bodies. */
export async function listUserPayloads({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { userId, type, from, to, page, perPage } = parseInput(Input, input);
  const connection = await inspectedConnection(ctx, userId);
  const where = and(
    eq(payloads.accountId, ctx.account.id),
    eq(payloads.userId, connection.id),
    type ? eq(payloads.type, type) : undefined,
    between(payloads.day, from, to),
  );
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select({
        id: payloads.id,
        type: payloads.type,
        day: payloads.day,
        naturalKey: payloads.naturalKey,
        startTime: payloads.startTime,
        payloadBytes: payloads.payloadBytes,
        dropped: payloads.dropped,
        updatedAt: payloads.updatedAt,
      })
      .from(payloads)
      .where(where)
      .orderBy(desc(payloads.day), desc(payloads.startTime), desc(payloads.id))
      .limit(perPage)
      .offset(offsetOf({ page, perPage })),
    ctx.db.select({ total: count() }).from(payloads).where(where),
  ]);
  return { rows, total: counted?.total ?? 0, page, perPage, from, to, type };
}
