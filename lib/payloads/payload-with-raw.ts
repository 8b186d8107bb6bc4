import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { payloads, rawRecords } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { NotFound } from '../errors';
import { parseInput } from '../validation';

const Input = z.object({ payloadId: z.uuid({ message: 'Unknown payload.' }) });

/** A stored payload beside the raw CardioMood answers it was made from, for the dashboard. */
export async function payloadWithRaw({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { payloadId } = parseInput(Input, input);
  const [payload] = await ctx.db
    .select()
    .from(payloads)
    .where(and(eq(payloads.accountId, ctx.account.id), eq(payloads.id, payloadId)));
  if (!payload) throw NotFound('No such payload in this account.');
  const raw = payload.rawRecordIds.length
    ? await ctx.db
        .select({
          id: rawRecords.id,
          source: rawRecords.source,
          day: rawRecords.day,
          body: rawRecords.body,
          contentHash: rawRecords.contentHash,
          fetchedAt: rawRecords.fetchedAt,
        })
        .from(rawRecords)
        .where(and(eq(rawRecords.accountId, ctx.account.id), inArray(rawRecords.id, payload.rawRecordIds)))
    : [];
  return { payload, raw: raw.sort((a, b) => a.source.localeCompare(b.source)) };
}
