import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { connections, payloads } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { parseInput } from '../validation';
import { type PayloadType, payloadTypes } from './payload-types';

const Input = z.object({
  type: z.enum(payloadTypes, { message: 'Choose a data type: activity, body, daily, sleep or athlete.' }),
  limit: z.number().int().min(1).max(100).default(10),
});

/**
 * The account's latest payloads of one type, newest change first, with whose they are (no payload
 * bodies), and whether the account has any user at all (to tell "no users yet" from "none of this type").
 */
export async function recentPayloads({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { type, limit } = parseInput(Input, input);
  const [latest, [anyUser]] = await Promise.all([
    latestOfType(ctx, type, limit),
    ctx.db.select({ id: connections.id }).from(connections).where(eq(connections.accountId, ctx.account.id)).limit(1),
  ]);
  return { hasUsers: Boolean(anyUser), payloads: latest };
}

function latestOfType(ctx: Ctx, type: PayloadType, limit: number) {
  return ctx.db
    .select({
      id: payloads.id,
      userId: payloads.userId,
      referenceId: connections.referenceId,
      naturalKey: payloads.naturalKey,
      day: payloads.day,
      bytes: payloads.payloadBytes,
      updatedAt: payloads.updatedAt,
    })
    .from(payloads)
    .innerJoin(connections, and(eq(connections.id, payloads.userId), eq(connections.accountId, ctx.account.id)))
    .where(and(eq(payloads.accountId, ctx.account.id), eq(payloads.type, type)))
    .orderBy(desc(payloads.updatedAt))
    .limit(limit);
}
