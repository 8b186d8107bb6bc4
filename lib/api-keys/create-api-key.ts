import { z } from 'zod';
import { apiKeys } from '@/db/schema';
import { authorize } from '../auth/roles';
import { recordAudit } from '../audit/record-audit';
import { type Ctx, withTransaction } from '../context';
import { parseInput } from '../validation';
import { generateApiKey } from './key-format';

const Input = z.object({
  name: z.string().trim().min(1, { message: 'Give the key a name.' }).max(100).default('API key'),
});

/** Creates a key and returns it in full: the only time it is ever shown. */
export async function createApiKey({ ctx, input = {} }: { ctx: Ctx; input?: z.input<typeof Input> }) {
  authorize(ctx, 'api_keys.manage');
  const { name } = parseInput(Input, input);
  const { key, prefix, hash } = generateApiKey();
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(apiKeys)
      .values({
        accountId: ctx.account.id,
        name,
        prefix,
        keyHash: hash,
        createdBy: ctx.actor.kind === 'member' ? ctx.actor.memberId : null,
      })
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt });
    if (!row) throw new Error('api key insert returned nothing');
    await recordAudit(tx, {
      action: 'api_key.created',
      targetType: 'api_key',
      targetId: row.id,
      after: { name, prefix },
    });
    return { ...row, key };
  });
}
