import { z } from 'zod';
import { authorize } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { type Ctx, withTransaction } from '../context';
import { eraseUserData } from '../data-rights/erase-user-data';
import { purgeDeauthEvents } from '../data-rights/purge-deauth-events';
import { emitEvent } from '../events/emit-event';
import { parseInput } from '../validation';
import { getConnectionInAccount } from './connection-in-account';
import { terraUser } from './terra-user';

const Input = z.object({
  userId: z.string({ message: 'user_id is required.' }).min(1, { message: 'user_id is required.' }),
});

/**
 * Disconnects an end user: emits `deauth` and deletes everything held about them (lib/data-rights/
 * erase-user-data.ts); the deauth event goes once delivered, the audit entry stays. CardioMood
 * documents no revocation endpoint.
 */
export async function deauthenticateUser({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'connections.operate');
  const { userId } = parseInput(Input, input);
  return withTransaction(ctx, async (tx) => {
    const connection = await getConnectionInAccount(tx, userId);
    const deauth = await emitEvent(tx, {
      type: 'deauth',
      userId: connection.id,
      body: {
        type: 'deauth',
        status: 'success',
        user: { ...terraUser(connection), active: false },
        message: 'User has deauthenticated',
      },
    });
    const erased = await eraseUserData(tx, connection, deauth.id);
    if (deauth.deliveries === 0) await purgeDeauthEvents(tx.db, { eventIds: [deauth.id] }); // nowhere to go
    await recordAudit(tx, {
      action: 'connection.deauthenticated',
      targetType: 'connection',
      targetId: connection.id,
      before: { user_id: connection.id, reference_id: connection.referenceId, provider: connection.provider },
      after: { erased },
    });
    return { status: 'success' as const };
  });
}
