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
  const kept = await keptRawRecord(ctx, input);
  if (!kept) throw new Error('raw record belongs to another account');
  return { id: kept.id, changed: false };
}

/** Whether `input` differs from the answer kept for the same user, source and day (true when none is kept). */
export async function rawRecordChanged(ctx: Ctx, input: RawRecordInput): Promise<boolean> {
  return (await keptRawRecord(ctx, input))?.contentHash !== contentHash(input.body);
}

/** The answer kept in this account for the user, source and day of `key`, if any. */
async function keptRawRecord(ctx: Ctx, key: Pick<RawRecordInput, 'userId' | 'source' | 'day'>) {
  const [kept] = await ctx.db
    .select({ id: rawRecords.id, contentHash: rawRecords.contentHash })
    .from(rawRecords)
    .where(
      and(
        eq(rawRecords.accountId, ctx.account.id),
        eq(rawRecords.userId, key.userId),
        eq(rawRecords.source, key.source),
        eq(rawRecords.day, key.day),
      ),
    );
  return kept;
}
