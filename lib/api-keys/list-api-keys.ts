import { desc, eq } from 'drizzle-orm';
import { apiKeys } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';

export async function listApiKeys({ ctx }: { ctx: Ctx }) {
  authorize(ctx, 'account.read');
  return ctx.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.accountId, ctx.account.id))
    .orderBy(desc(apiKeys.createdAt));
}
