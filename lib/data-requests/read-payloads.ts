import { and, asc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { payloads } from '@/db/schema';
import type { Ctx } from '../context';
import type { PayloadType } from '../payloads/upsert-payload';
import { addDays, type Bound } from './date-bounds';

export const dataTypes = ['activity', 'body', 'daily', 'sleep'] as const;
export type DataType = (typeof dataTypes)[number];

/** Stored payloads of one user and type whose start falls in `[start, end)`. */
export interface PayloadRange {
  userId: string;
  type: PayloadType;
  start: Bound;
  end: Bound;
  withSamples: boolean;
}

/**
 * A day bound matches the payload's local day (for Sleep, the day the night ends); an instant matches
 * its start time. Day bounds also bound `start_time` loosely (±2 days) so the index serves the range.
 */
function inRange(ctx: Ctx, range: Pick<PayloadRange, 'userId' | 'type' | 'start' | 'end'>): SQL | undefined {
  const { start, end } = range;
  return and(
    eq(payloads.accountId, ctx.account.id),
    eq(payloads.userId, range.userId),
    eq(payloads.type, range.type),
    start.kind === 'day'
      ? and(gte(payloads.day, start.day), gte(payloads.startTime, new Date(`${addDays(start.day, -2)}T00:00:00Z`)))
      : gte(payloads.startTime, start.at),
    end.kind === 'day'
      ? and(lt(payloads.day, end.day), lt(payloads.startTime, new Date(`${addDays(end.day, 2)}T00:00:00Z`)))
      : lt(payloads.startTime, end.at),
  );
}

const bytesOf = (withSamples: boolean) => (withSamples ? payloads.payloadBytes : payloads.summaryBytes);
const bodyOf = (withSamples: boolean) => (withSamples ? payloads.payload : payloads.summary);

/** How many payloads the range holds and their serialized size, without loading them. */
export async function measurePayloads(ctx: Ctx, range: PayloadRange): Promise<{ count: number; bytes: number }> {
  const [row] = await ctx.db
    .select({
      count: sql<number>`count(*)`.mapWith(Number),
      bytes: sql<number>`coalesce(sum(${bytesOf(range.withSamples)}), 0)`.mapWith(Number),
    })
    .from(payloads)
    .where(inRange(ctx, range));
  return row ?? { count: 0, bytes: 0 };
}

/** The range's payloads as JSON text, oldest first: an inline answer is assembled without re-serializing. */
export async function payloadTexts(ctx: Ctx, range: PayloadRange): Promise<string[]> {
  const rows = await ctx.db
    .select({ text: sql<string>`${bodyOf(range.withSamples)}::text` })
    .from(payloads)
    .where(inRange(ctx, range))
    .orderBy(asc(payloads.startTime), asc(payloads.naturalKey));
  return rows.map((r) => r.text);
}

/** The range's payload ids and sizes, oldest first: enough to plan chunks before loading any payload. */
export async function payloadSizes(ctx: Ctx, range: PayloadRange): Promise<Array<{ id: string; bytes: number }>> {
  return ctx.db
    .select({ id: payloads.id, bytes: bytesOf(range.withSamples) })
    .from(payloads)
    .where(inRange(ctx, range))
    .orderBy(asc(payloads.startTime), asc(payloads.naturalKey));
}

/** The payloads with these ids, in the order of `ids`. */
export async function payloadsByIds(ctx: Ctx, ids: string[], withSamples: boolean): Promise<unknown[]> {
  if (!ids.length) return [];
  const rows = await ctx.db
    .select({ id: payloads.id, body: bodyOf(withSamples) })
    .from(payloads)
    .where(and(eq(payloads.accountId, ctx.account.id), inArray(payloads.id, ids)));
  const byId = new Map(rows.map((r) => [r.id, r.body]));
  return ids.filter((id) => byId.has(id)).map((id) => byId.get(id));
}
