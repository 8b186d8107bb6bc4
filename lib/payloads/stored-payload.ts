import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { connections, payloads } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { NotFound } from '../errors';
import { parseInput } from '../validation';

const Input = z.object({ payloadId: z.uuid({ message: 'No such payload in this account.' }) });

/** One stored payload of the account with whose it is; another account's looks the same as none. */
export async function storedPayload({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { payloadId } = parseInput(Input, input);
  const [row] = await ctx.db
    .select({
      id: payloads.id,
      type: payloads.type,
      userId: payloads.userId,
      referenceId: connections.referenceId,
      naturalKey: payloads.naturalKey,
      day: payloads.day,
      bytes: payloads.payloadBytes,
      updatedAt: payloads.updatedAt,
      payload: payloads.payload,
    })
    .from(payloads)
    .innerJoin(connections, and(eq(connections.id, payloads.userId), eq(connections.accountId, ctx.account.id)))
    .where(and(eq(payloads.accountId, ctx.account.id), eq(payloads.id, payloadId)));
  if (!row) throw NotFound('No such payload in this account.');
  return row;
}
