import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { events } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { parseInput } from '../validation';

const Input = z.object({
  userId: z.uuid({ message: 'Unknown user.' }).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

/** The account's latest events, newest first, optionally for one user. */
export async function listEvents({ ctx, input = {} }: { ctx: Ctx; input?: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { userId, limit } = parseInput(Input, input);
  return ctx.db
    .select()
    .from(events)
    .where(and(eq(events.accountId, ctx.account.id), userId ? eq(events.userId, userId) : undefined))
    .orderBy(desc(events.seq))
    .limit(limit);
}
