import { and, eq, ne, sql } from 'drizzle-orm';
import { payloads } from '@/db/schema';
import type { Ctx } from '../context';
import { contentHash } from './content-hash';
import { filledFields } from './fields/filled-fields';
import { withoutSamples } from './without-samples';

export type PayloadType = (typeof payloads.type.enumValues)[number];

export interface PayloadInput {
  userId: string;
  type: PayloadType;
  naturalKey: string;
  day: string;
  startTime: string;
  payload: unknown;
  rawRecordIds: string[];
  dropped: Record<string, number>;
}

/**
 * Writes a payload under its natural key. Returns whether it changed: a payload equal to the one
 * stored (same JSON) is left alone, so that only real changes become events.
 */
export async function upsertPayload(ctx: Ctx, input: PayloadInput): Promise<{ id: string; changed: boolean }> {
  const text = JSON.stringify(input.payload);
  const hash = contentHash(text);
  const summary = withoutSamples(input.payload);
  const values = {
    accountId: ctx.account.id,
    ...input,
    startTime: new Date(input.startTime),
    payloadHash: hash,
    summary,
    payloadBytes: Buffer.byteLength(text),
    summaryBytes: Buffer.byteLength(JSON.stringify(summary)),
    filledFields: filledFields(input.payload),
  };
  const [written] = await ctx.db
    .insert(payloads)
    .values(values)
    .onConflictDoUpdate({
      target: [payloads.userId, payloads.type, payloads.naturalKey],
      set: {
        payload: values.payload,
        payloadHash: hash,
        summary: values.summary,
        payloadBytes: values.payloadBytes,
        summaryBytes: values.summaryBytes,
        filledFields: values.filledFields,
        day: values.day,
        startTime: values.startTime,
        rawRecordIds: values.rawRecordIds,
        dropped: values.dropped,
        updatedAt: sql`now()`,
      },
      setWhere: and(eq(payloads.accountId, ctx.account.id), ne(payloads.payloadHash, hash)),
    })
    .returning({ id: payloads.id });
  if (written) return { id: written.id, changed: true };
  const [kept] = await ctx.db
    .select({ id: payloads.id })
    .from(payloads)
    .where(
      and(
        eq(payloads.accountId, ctx.account.id),
        eq(payloads.userId, input.userId),
        eq(payloads.type, input.type),
        eq(payloads.naturalKey, input.naturalKey),
      ),
    );
  if (!kept) throw new Error('payload belongs to another account');
  return { id: kept.id, changed: false };
}
