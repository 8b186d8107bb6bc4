import { and, eq } from 'drizzle-orm';
import { rawRecords } from '@/db/schema';
import type { Ctx } from '../context';
import { contentHash } from './content-hash';
import type { RawRecordInput } from './store-raw-record';

/** Whether `input` differs from the answer kept for the same user, source and day (true when none is kept). */
export async function rawRecordChanged(ctx: Ctx, input: RawRecordInput): Promise<boolean> {
  const [kept] = await ctx.db
    .select({ hash: rawRecords.contentHash })
    .from(rawRecords)
    .where(
      and(
        eq(rawRecords.accountId, ctx.account.id),
        eq(rawRecords.userId, input.userId),
        eq(rawRecords.source, input.source),
        eq(rawRecords.day, input.day),
      ),
    );
  return kept?.hash !== contentHash(input.body);
}
