import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { events } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { parseInput } from '../validation';

const Input = z.object({
  userId: z.uuid({ message: 'Unknown user.' }).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  /** Bodies hold whole payloads (a day of samples is hundreds of KiB): only when asked. */
  includeBody: z.boolean().default(false),
});

/** The account's latest events, newest first, optionally for one user. */
export async function listEvents({ ctx, input = {} }: { ctx: Ctx; input?: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { userId, limit, includeBody } = parseInput(Input, input);
  return ctx.db
    .select({
      id: events.id,
      type: events.type,
      userId: events.userId,
      reference: events.reference,
      traceId: events.traceId,
      createdAt: events.createdAt,
      bodyBytes: sql<number>`octet_length(${events.body}::text)`.mapWith(Number),
      body: includeBody ? events.body : sql<null>`null`,
    })
    .from(events)
    .where(and(eq(events.accountId, ctx.account.id), userId ? eq(events.userId, userId) : undefined))
    .orderBy(desc(events.seq))
    .limit(limit);
}
