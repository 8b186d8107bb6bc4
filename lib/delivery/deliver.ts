import type { Db } from '@/db/client';
import { attemptDelivery } from './attempt-delivery';
import { loadDeliveries } from './load-deliveries';
import { recordAttempts } from './record-attempts';

export type DeliveryOutcome =
  | { status: 'delivered' | 'dead' | 'skipped' | 'missing' }
  | { status: 'retrying'; nextAttemptAt: Date };

/**
 * One attempt of one delivery, recorded: the dispatcher does the same for batches (lib/jobs/
 * delivery-dispatcher.ts). A delivery already settled, or to a disabled destination, is not sent.
 */
export async function deliverOne(
  db: Db,
  deliveryId: string,
  options: { random?: () => number } = {},
): Promise<DeliveryOutcome> {
  const [toSend] = await loadDeliveries(db, [deliveryId]);
  if (!toSend) return { status: 'missing' };
  const settled = settledStatus(toSend);
  if (settled) return { status: settled };
  const attempt = await attemptDelivery(toSend, options.random);
  await recordAttempts(db, [attempt]);
  return attempt.status === 'retrying'
    ? { status: 'retrying', nextAttemptAt: attempt.nextAttemptAt }
    : { status: attempt.status };
}

/** Why a loaded delivery must not be sent now, if it must not. */
export function settledStatus({ delivery, destination }: Awaited<ReturnType<typeof loadDeliveries>>[number]) {
  if (delivery.status === 'delivered' || delivery.status === 'dead') return delivery.status;
  if (destination.status !== 'enabled') return 'skipped';
  return null;
}
