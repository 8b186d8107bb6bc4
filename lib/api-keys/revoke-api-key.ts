import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { apiKeys } from '@/db/schema';
import { authorize } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { type Ctx, withTransaction } from '../context';
import { NotFound } from '../errors';
import { parseInput } from '../validation';

const Input = z.object({ keyId: z.uuid({ message: 'Unknown API key.' }) });

/** Revokes a key at once; revoking twice is harmless. */
export async function revokeApiKey({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'api_keys.manage');
  const { keyId } = parseInput(Input, input);
  return withTransaction(ctx, async (tx) => {
    const where = and(eq(apiKeys.accountId, ctx.account.id), eq(apiKeys.id, keyId));
    const [key] = await tx.db.select().from(apiKeys).where(where).for('update');
    if (!key) throw NotFound('No such API key in this account.');
    if (key.revokedAt) return { id: key.id, revokedAt: key.revokedAt };
    const [revoked] = await tx.db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(where)
      .returning({ id: apiKeys.id, revokedAt: apiKeys.revokedAt });
    await recordAudit(tx, {
      action: 'api_key.revoked',
      targetType: 'api_key',
      targetId: key.id,
      before: { name: key.name, prefix: key.prefix, revoked: false },
      after: { name: key.name, prefix: key.prefix, revoked: true },
    });
    return revoked;
  });
}
