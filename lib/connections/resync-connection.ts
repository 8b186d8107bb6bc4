import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { connections } from '@/db/schema';
import { recordAudit } from '../audit/record-audit';
import { authorize } from '../auth/roles';
import { type Ctx, withTransaction } from '../context';
import { Conflict } from '../errors';
import { inspectedConnection, UserId } from '../inspector/inspected-connection';
import { findCardiomood } from '../integrations/get-integration';
import { channels, wakeWorkers } from '../jobs/wake';
import { parseInput } from '../validation';

const Input = z.object({ userId: UserId });

/**
 * "Resync now": makes the connection's next poll due at once and wakes the schedulers, which queue
 * its sync when the change commits. Refused, with nothing written, when no poll could run: a revoked user or
 * CardioMood disabled. Audited.
 */
export async function resyncConnection({
  ctx,
  input,
  now = new Date(),
}: {
  ctx: Ctx;
  input: z.input<typeof Input>;
  now?: Date;
}) {
  authorize(ctx, 'connections.operate');
  const { userId } = parseInput(Input, input);
  return withTransaction(ctx, async (tx) => {
    const connection = await inspectedConnection(tx, userId);
    if (connection.status !== 'active') {
      throw Conflict('This user is inactive (their access was revoked): they must connect again before a resync.');
    }
    const integration = await findCardiomood(tx);
    if (!integration?.enabled) {
      throw Conflict('CardioMood is disabled for this account: enable it on the Integrations page to poll.');
    }
    await tx.db
      .update(connections)
      .set({ nextPollAt: now })
      .where(and(eq(connections.accountId, ctx.account.id), eq(connections.id, connection.id)));
    await wakeWorkers(tx, channels.polls);
    await recordAudit(tx, {
      action: 'connection.resync_requested',
      targetType: 'connection',
      targetId: connection.id,
      before: { next_poll_at: connection.nextPollAt.toISOString() },
      after: { next_poll_at: now.toISOString() },
    });
    return { userId: connection.id, nextPollAt: now };
  });
}
