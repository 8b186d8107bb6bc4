import { and, eq, ne } from 'drizzle-orm';
import { rawRecords } from '@/db/schema';
import type { Ctx } from '../context';
import { contentHash } from './content-hash';

export interface RawRecordInput {
  userId: string;
  /** `user-summaries`, `raw-metrics/activity`, … */
  source: string;
  /** The local day the answer covers, `YYYY-MM-DD`. */
  day: string;
  /** The answer exactly as received. */
  body: string;
}

/**
 * Keeps CardioMood's answer verbatim. Returns its id and whether it differs from the answer kept
 * before for the same user, source and day (an unchanged answer needs no normalizing).
 */
export async function storeRawRecord(ctx: Ctx, input: RawRecordInput): Promise<{ id: string; changed: boolean }> {
  const hash = contentHash(input.body);
  const [written] = await ctx.db
    .insert(rawRecords)
    .values({ accountId: ctx.account.id, ...input, contentHash: hash })
    .onConflictDoUpdate({
      target: [rawRecords.userId, rawRecords.source, rawRecords.day],
      set: { body: input.body, contentHash: hash, fetchedAt: new Date() },
      setWhere: and(eq(rawRecords.accountId, ctx.account.id), ne(rawRecords.contentHash, hash)),
    })
    .returning({ id: rawRecords.id });
  if (written) return { id: written.id, changed: true };
  const [kept] = await ctx.db
    .select({ id: rawRecords.id })
    .from(rawRecords)
    .where(
      and(
        eq(rawRecords.accountId, ctx.account.id),
        eq(rawRecords.userId, input.userId),
        eq(rawRecords.source, input.source),
        eq(rawRecords.day, input.day),
      ),
    );
  if (!kept) throw new Error('raw record belongs to another account');
  return { id: kept.id, changed: false };
}
