import { and, eq } from 'drizzle-orm';
import { backfillParts, backfills, connections } from '@/db/schema';
import { terraUser } from '../connections/terra-user';
import { type Ctx, withTransaction } from '../context';
import { type Bound, boundFromJson } from '../data-requests/date-bounds';
import { dataTypes, payloadSizes, payloadsByIds } from '../data-requests/read-payloads';
import { emitEvent } from '../events/emit-event';
import type { PayloadType } from '../payloads/upsert-payload';
import { emitChunks, emitDataEvent, type EmitRange, planRange } from './emit-payloads';
import { type BackfillSummary, mergeSummary } from './summary';

export interface PartResult {
  fetchedDays: number;
  note?: string;
  payloads?: Record<string, number>;
  events?: number;
}

type Backfill = typeof backfills.$inferSelect;
type Part = typeof backfillParts.$inferSelect;

/**
 * Marks a part done or failed, delivering a backfill's part in the same transaction; the last part
 * finishes the backfill (a REST request's data goes out then). The backfill row is locked, so parts
 * finishing together count right, and a cancelled backfill delivers nothing more.
 */
export async function finishPart(
  ctx: Ctx,
  partId: string,
  backfillId: string,
  outcome: { status: 'done' | 'failed'; result: PartResult; error?: string },
): Promise<Part['status']> {
  return withTransaction(ctx, async (tx) => {
    const [backfill] = await tx.db
      .select()
      .from(backfills)
      .where(and(eq(backfills.accountId, ctx.account.id), eq(backfills.id, backfillId)))
      .for('update');
    const [part] = await tx.db
      .select()
      .from(backfillParts)
      .where(and(eq(backfillParts.accountId, ctx.account.id), eq(backfillParts.id, partId)));
    if (!backfill || !part) return 'cancelled';
    if (['done', 'failed', 'cancelled'].includes(part.status)) return part.status;
    const setPart = (fields: Partial<typeof backfillParts.$inferInsert>) =>
      tx.db
        .update(backfillParts)
        .set({ ...fields, leaseUntil: null, updatedAt: new Date() })
        .where(and(eq(backfillParts.accountId, ctx.account.id), eq(backfillParts.id, partId)));
    if (backfill.status === 'cancelled') {
      await setPart({ status: 'cancelled' });
      return 'cancelled';
    }
    let result = outcome.result;
    if (outcome.status === 'done' && backfill.kind === 'backfill' && backfill.delivery === 'events') {
      result = { ...result, ...(await deliverPart(tx, backfill, part)) };
    }
    await setPart({ status: outcome.status, result: { ...result }, error: outcome.error ?? null });
    let summary = mergeSummary(backfill.summary as BackfillSummary, result, outcome.error);
    const partsDone = backfill.partsDone + 1;
    const last = partsDone >= backfill.partsTotal;
    if (last && backfill.kind === 'request' && backfill.delivery === 'events') {
      summary = mergeSummary(summary, { fetchedDays: 0, ...(await deliverRequest(tx, backfill)) });
    }
    const allFailed = (summary.failedParts ?? 0) >= backfill.partsTotal;
    await tx.db
      .update(backfills)
      .set({
        partsDone,
        summary: { ...summary },
        ...(last ? { status: allFailed ? 'failed' : 'done', finishedAt: new Date() } : {}),
      })
      .where(and(eq(backfills.accountId, ctx.account.id), eq(backfills.id, backfill.id)));
    return outcome.status;
  });
}

async function connectionOf(ctx: Ctx, userId: string) {
  const [connection] = await ctx.db
    .select()
    .from(connections)
    .where(and(eq(connections.accountId, ctx.account.id), eq(connections.id, userId)));
  return connection;
}

/** A backfill's user-month: every chosen data type, in chunks, under the backfill's reference. */
async function deliverPart(ctx: Ctx, backfill: Backfill, part: Part): Promise<Partial<PartResult>> {
  const connection = await connectionOf(ctx, part.userId);
  if (!connection) return { note: 'the user is no longer connected' };
  const payloads: Record<string, number> = {};
  let events = 0;
  for (const type of backfill.dataTypes.filter((t) => (dataTypes as readonly string[]).includes(t))) {
    const range = rangeOf(
      backfill,
      connection,
      type as PayloadType,
      { kind: 'day', day: part.startDay },
      {
        kind: 'day',
        day: part.endDay,
      },
    );
    const chunks = await planRange(ctx, range);
    payloads[type] = await emitChunks(ctx, range, chunks);
    events += chunks.length;
  }
  return { payloads, events };
}

/**
 * A REST request's data, once every month of it is fetched: one event for a range within a month
 * (never split), else `large_request_sending` with the number of chunks, then the chunks.
 */
async function deliverRequest(ctx: Ctx, backfill: Backfill): Promise<Partial<PartResult>> {
  const connection = backfill.userId ? await connectionOf(ctx, backfill.userId) : undefined;
  const type = backfill.dataTypes[0] as PayloadType | undefined;
  const bounds = backfill.bounds as { start: unknown; end: unknown } | null;
  if (!connection || !type || !bounds) return { note: 'the user is no longer connected' };
  const range = rangeOf(backfill, connection, type, boundFromJson(bounds.start), boundFromJson(bounds.end));
  if (!backfill.large) {
    const ids = (await payloadSizes(ctx, { ...range, userId: connection.id })).map((p) => p.id);
    const data = await payloadsByIds(ctx, ids, range.withSamples);
    await emitDataEvent(ctx, range, data);
    return { payloads: { [type]: data.length }, events: 1 };
  }
  const chunks = await planRange(ctx, range);
  await emitEvent(ctx, {
    type: 'large_request_sending',
    userId: connection.id,
    reference: backfill.reference,
    body: {
      type: 'large_request_sending',
      user: terraUser(connection),
      reference: backfill.reference,
      message: 'Large request is being sent',
      expected_payloads: chunks.length,
    },
  });
  const sent = await emitChunks(ctx, range, chunks);
  return { payloads: { [type]: sent }, events: chunks.length + 1 };
}

function rangeOf(
  backfill: Backfill,
  connection: typeof connections.$inferSelect,
  type: PayloadType,
  start: Bound,
  end: Bound,
): EmitRange {
  return { connection, type, start, end, withSamples: backfill.withSamples, reference: backfill.reference };
}
