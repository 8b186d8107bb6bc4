import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { connections } from '@/db/schema';
import { recordAudit } from '../audit/record-audit';
import { authorize } from '../auth/roles';
import { type Ctx, withTransaction } from '../context';
import { parseInput } from '../validation';
import { getConnectionInAccount } from './connection-in-account';
import { terraUser } from './terra-user';

const Input = z.object({
  userId: z.string(),
  reference_id: z.string().max(200, { message: 'reference_id is at most 200 characters.' }).optional(),
  active: z.boolean().optional(),
});

/**
 * `PATCH /v2/users/{user_id}`: changes the reference id and whether the user is polled. `active: false`
 * stops polling; `true` resumes it at once. Audited when something changed.
 */
export async function modifyUser({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'connections.operate');
  const params = parseInput(Input, input);
  return withTransaction(ctx, async (tx) => {
    const before = await getConnectionInAccount(tx, params.userId);
    const change: Partial<typeof connections.$inferInsert> = {};
    if (params.reference_id !== undefined && params.reference_id !== before.referenceId)
      change.referenceId = params.reference_id;
    const wasActive = before.status === 'active';
    if (params.active !== undefined && params.active !== wasActive) {
      change.status = params.active ? 'active' : 'inactive';
      if (params.active) change.nextPollAt = new Date();
    }
    if (!Object.keys(change).length) return { status: 'success' as const, user: terraUser(before) };
    const [after] = await tx.db
      .update(connections)
      .set(change)
      .where(and(eq(connections.accountId, ctx.account.id), eq(connections.id, before.id)))
      .returning();
    if (!after) throw new Error('connection update returned nothing');
    await recordAudit(tx, {
      action: 'connection.modified',
      targetType: 'connection',
      targetId: before.id,
      before: { reference_id: before.referenceId, active: wasActive },
      after: { reference_id: after.referenceId, active: after.status === 'active' },
    });
    return { status: 'success' as const, user: terraUser(after) };
  });
}
