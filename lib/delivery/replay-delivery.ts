import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { deliveries } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { NotFound } from '../errors';
import { parseInput } from '../validation';
import { channels, wakeWorkers } from '../jobs/wake';

const Input = z.object({ deliveryId: z.uuid({ message: 'Unknown delivery.' }) });

/** Sends a delivery again, now, with a fresh retry allowance; its earlier attempts stay in the history. */
export async function replayDelivery({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'deliveries.replay');
  const { deliveryId } = parseInput(Input, input);
  const [row] = await ctx.db
    .update(deliveries)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: new Date(), deliveredAt: null })
    .where(and(eq(deliveries.accountId, ctx.account.id), eq(deliveries.id, deliveryId)))
    .returning({ id: deliveries.id });
  if (!row) throw NotFound('No such delivery in this account.');
  await wakeWorkers(ctx, channels.deliveries);
  return row;
}
