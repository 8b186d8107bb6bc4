import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { backfillParts, backfills } from '@/db/schema';
import { recordAudit } from '../audit/record-audit';
import { authorize } from '../auth/roles';
import { type Ctx, withTransaction } from '../context';
import { Conflict, NotFound } from '../errors';
import { parseInput } from '../validation';

const Input = z.object({ backfillId: z.uuid({ message: 'No such backfill in this account.' }) });

/**
 * Cancels a backfill or a REST request still running: no part starts any more, a part in flight
 * delivers nothing, and what was delivered stays delivered. Audited.
 */
export async function cancelBackfill({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'backfills.manage');
  const { backfillId } = parseInput(Input, input);
  return withTransaction(ctx, async (tx) => {
    const [backfill] = await tx.db
      .select()
      .from(backfills)
      .where(and(eq(backfills.accountId, ctx.account.id), eq(backfills.id, backfillId)))
      .for('update');
    if (!backfill) throw NotFound('No such backfill in this account.');
    if (backfill.status !== 'queued' && backfill.status !== 'running') {
      throw Conflict(`This backfill has already finished (${backfill.status}).`);
    }
    await tx.db
      .update(backfills)
      .set({ status: 'cancelled', finishedAt: new Date() })
      .where(and(eq(backfills.accountId, ctx.account.id), eq(backfills.id, backfill.id)));
    await tx.db
      .update(backfillParts)
      .set({ status: 'cancelled', leaseUntil: null, updatedAt: new Date() })
      .where(
        and(
          eq(backfillParts.accountId, ctx.account.id),
          eq(backfillParts.backfillId, backfill.id),
          // A running part is left to its worker, which stops at its next window and marks it.
          inArray(backfillParts.status, ['pending', 'queued']),
        ),
      );
    await recordAudit(tx, {
      action: 'backfill.cancelled',
      targetType: 'backfill',
      targetId: backfill.id,
      before: { status: backfill.status, parts_done: backfill.partsDone, parts_total: backfill.partsTotal },
      after: { status: 'cancelled' },
    });
    return { status: 'cancelled' as const };
  });
}
