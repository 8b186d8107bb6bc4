import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { connections } from '@/db/schema';
import { authorize } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { type Ctx, withTransaction } from '../context';
import { emitEvent } from '../events/emit-event';
import { parseInput } from '../validation';
import { getConnectionInAccount } from './connection-in-account';
import { terraUser } from './terra-user';

const Input = z.object({
  userId: z.string({ message: 'user_id is required.' }).min(1, { message: 'user_id is required.' }),
});

/**
 * Disconnects an end user: emits `deauth`, forgets the tokens and deletes every payload and raw
 * record held for them (the audit entry stays). CardioMood documents no revocation endpoint.
 */
export async function deauthenticateUser({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'connections.operate');
  const { userId } = parseInput(Input, input);
  return withTransaction(ctx, async (tx) => {
    const connection = await getConnectionInAccount(tx, userId);
    await emitEvent(tx, {
      type: 'deauth',
      userId: connection.id,
      body: {
        type: 'deauth',
        status: 'success',
        user: { ...terraUser(connection), active: false },
        message: 'User has deauthenticated',
      },
    });
    await tx.db
      .delete(connections)
      .where(and(eq(connections.accountId, ctx.account.id), eq(connections.id, connection.id)));
    await recordAudit(tx, {
      action: 'connection.deauthenticated',
      targetType: 'connection',
      targetId: connection.id,
      before: { user_id: connection.id, reference_id: connection.referenceId, provider: connection.provider },
    });
    return { status: 'success' as const };
  });
}
