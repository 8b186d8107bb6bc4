import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { deliveries } from '@/db/schema';
import { authorize } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { type Ctx, withTransaction } from '../context';
import { NotFound } from '../errors';
import { parseInput } from '../validation';
import { channels, wakeWorkers } from '../jobs/wake';

const Input = z.object({ deliveryId: z.uuid({ message: 'Unknown delivery.' }) });

/** Sends a delivery again, now, with a fresh retry allowance; its earlier attempts stay in the history. Audited. */
export async function replayDelivery({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'deliveries.replay');
  const { deliveryId } = parseInput(Input, input);
  return withTransaction(ctx, async (tx) => {
    const where = and(eq(deliveries.accountId, ctx.account.id), eq(deliveries.id, deliveryId));
    const [before] = await tx.db
      .select({ status: deliveries.status, attempts: deliveries.attempts, destinationId: deliveries.destinationId })
      .from(deliveries)
      .where(where)
      .for('update');
    if (!before) throw NotFound('No such delivery in this account.');
    const [row] = await tx.db
      .update(deliveries)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: new Date(), deliveredAt: null })
      .where(where)
      .returning({ id: deliveries.id });
    if (!row) throw NotFound('No such delivery in this account.');
    await wakeWorkers(tx, channels.deliveries);
    await recordAudit(tx, {
      action: 'delivery.replayed',
      targetType: 'delivery',
      targetId: row.id,
      before: { status: before.status, attempts: before.attempts, destination_id: before.destinationId },
      after: { status: 'pending', attempts: 0, destination_id: before.destinationId },
    });
    return row;
  });
}
