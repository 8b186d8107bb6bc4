import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import { z } from 'zod';
import { deliveries } from '@/db/schema';
import { recordAudit } from '../audit/record-audit';
import { authorize } from '../auth/roles';
import { type Ctx, withTransaction } from '../context';
import { getDestinationInAccount } from '../destinations/destination-in-account';
import { parseInput } from '../validation';
import { channels, wakeWorkers } from '../jobs/wake';
import { fromNotAfterTo, isoDate } from './list-deliveries';

const Input = z
  .object({
    from: isoDate('from'),
    /** Exclusive. */
    to: isoDate('to'),
    destinationId: z.uuid({ message: 'destinationId: unknown destination.' }).optional(),
  })
  .superRefine(fromNotAfterTo);

/**
 * Sends every failed (dead or still retrying) delivery created in [from, to) again, now, with a fresh
 * retry allowance; returns how many were queued. Earlier attempts stay in the history. A destination
 * filter must name one of the account's destinations.
 */
export async function replayFailed({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'deliveries.replay');
  const { from, to, destinationId } = parseInput(Input, input);
  return withTransaction(ctx, async (tx) => {
    // Another account's destination is refused like an unknown one, not silently matched by nothing.
    if (destinationId) await getDestinationInAccount(tx, destinationId);
    const replayed = await tx.db
      .update(deliveries)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: new Date(), deliveredAt: null })
      .where(
        and(
          eq(deliveries.accountId, ctx.account.id),
          gte(deliveries.createdAt, from),
          lt(deliveries.createdAt, to),
          inArray(deliveries.status, ['dead', 'retrying']),
          destinationId ? eq(deliveries.destinationId, destinationId) : undefined,
        ),
      )
      .returning({ id: deliveries.id });
    const count = replayed.length;
    if (count) await wakeWorkers(tx, channels.deliveries);
    await recordAudit(tx, {
      action: 'deliveries.replayed',
      targetType: 'delivery',
      after: { count, from: from.toISOString(), to: to.toISOString(), ...(destinationId ? { destinationId } : {}) },
    });
    return { count };
  });
}
