import { z } from 'zod';
import { destinations } from '@/db/schema';
import { authorize } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { type Ctx, withTransaction } from '../context';
import { parseInput } from '../validation';
import { destinationWhere, getDestinationInAccount } from './destination-in-account';

const Input = z.object({ destinationId: z.string(), enabled: z.boolean() });

/** Enables or disables a destination; enabling clears why it was disabled and its failure streak. */
export async function setDestinationStatus({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'destinations.manage');
  const { destinationId, enabled } = parseInput(Input, input);
  return withTransaction(ctx, async (tx) => {
    const before = await getDestinationInAccount(tx, destinationId);
    const status = enabled ? 'enabled' : 'disabled';
    await tx.db
      .update(destinations)
      .set(
        enabled
          ? { status, disabledReason: null, failingSince: null }
          : { status, disabledReason: 'Disabled by a member.' },
      )
      .where(destinationWhere(ctx, destinationId));
    await recordAudit(tx, {
      action: enabled ? 'destination.enabled' : 'destination.disabled',
      targetType: 'destination',
      targetId: destinationId,
      before: { status: before.status },
      after: { status },
    });
    return { status };
  });
}
