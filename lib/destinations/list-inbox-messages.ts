import { and, desc, eq } from 'drizzle-orm';
import { inboxMessages } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';

/** The latest messages the account's inboxes received. */
export async function listInboxMessages({
  ctx,
  input = {},
}: {
  ctx: Ctx;
  input?: { destinationId?: string; limit?: number };
}) {
  authorize(ctx, 'account.read');
  return ctx.db
    .select()
    .from(inboxMessages)
    .where(
      and(
        eq(inboxMessages.accountId, ctx.account.id),
        input.destinationId ? eq(inboxMessages.destinationId, input.destinationId) : undefined,
      ),
    )
    .orderBy(desc(inboxMessages.receivedAt))
    .limit(Math.min(200, input.limit ?? 50));
}
