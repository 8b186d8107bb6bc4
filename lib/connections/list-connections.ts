import { asc, eq } from 'drizzle-orm';
import { connections } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';

/** The account's connections, oldest first, without their tokens. */
export async function listConnections({ ctx }: { ctx: Ctx }) {
  authorize(ctx, 'account.read');
  return ctx.db
    .select({
      userId: connections.id,
      provider: connections.provider,
      referenceId: connections.referenceId,
      status: connections.status,
      scopes: connections.scopes,
      createdAt: connections.createdAt,
      tokenExpiresAt: connections.tokenExpiresAt,
      lastPollAt: connections.lastPollAt,
      nextPollAt: connections.nextPollAt,
      lastDataAt: connections.lastDataAt,
      lastError: connections.lastError,
    })
    .from(connections)
    .where(eq(connections.accountId, ctx.account.id))
    .orderBy(asc(connections.createdAt));
}
