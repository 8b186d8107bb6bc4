import { z } from 'zod';
import { destinations } from '@/db/schema';
import { authorize } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { type Ctx, withTransaction } from '../context';
import { parseInput } from '../validation';
import { destinationWhere, getDestinationInAccount, visible } from './destination-in-account';

const Input = z.object({ destinationId: z.string() });

/** Removes a destination with its deliveries and their attempts. */
export async function removeDestination({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'destinations.manage');
  const { destinationId } = parseInput(Input, input);
  return withTransaction(ctx, async (tx) => {
    const before = await getDestinationInAccount(tx, destinationId);
    await tx.db.delete(destinations).where(destinationWhere(ctx, destinationId));
    await recordAudit(tx, {
      action: 'destination.removed',
      targetType: 'destination',
      targetId: destinationId,
      before: visible(before),
    });
    return { removed: destinationId };
  });
}
