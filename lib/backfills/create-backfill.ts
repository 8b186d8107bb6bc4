import { randomUUID } from 'node:crypto';
import { backfillParts, backfills } from '@/db/schema';
import { actorLabel, type Ctx } from '../context';
import { type Bound, boundToJson, calendarMonths } from '../data-requests/date-bounds';

export interface BackfillSpec {
  kind: 'backfill' | 'request';
  /** The users to fetch for; `allUsers` records that the list was "every user of the account". */
  userIds: string[];
  allUsers: boolean;
  dataTypes: string[];
  /** Local days, `lastDay` included. */
  firstDay: string;
  lastDay: string;
  /** A request's exact bounds (its data is selected by them, not by whole days). */
  bounds?: { start: Bound; end: Bound };
  withSamples: boolean;
  delivery: 'events' | 'none';
  large?: boolean;
  endpoint?: string;
  reference?: string;
  /** Delivered at once by the caller (the athlete): no parts, recorded as done with this summary. */
  deliveredNow?: Record<string, unknown>;
}

/**
 * Writes a backfill and its parts, one per user and calendar month, in the caller's transaction;
 * the backfill worker picks the parts up. Returns the backfill's id and reference.
 */
export async function insertBackfill(ctx: Ctx, spec: BackfillSpec): Promise<{ id: string; reference: string }> {
  const reference = spec.reference ?? randomUUID();
  const months = calendarMonths(spec.firstDay, spec.lastDay);
  const userIds = spec.deliveredNow ? [] : spec.userIds;
  const [row] = await ctx.db
    .insert(backfills)
    .values({
      accountId: ctx.account.id,
      kind: spec.kind,
      userId: spec.allUsers ? null : (spec.userIds[0] ?? null),
      allUsers: spec.allUsers,
      dataTypes: spec.dataTypes,
      startDay: spec.firstDay,
      endDay: months.at(-1)?.end ?? spec.firstDay,
      bounds: spec.bounds ? { start: boundToJson(spec.bounds.start), end: boundToJson(spec.bounds.end) } : null,
      withSamples: spec.withSamples,
      delivery: spec.delivery,
      large: spec.large ?? false,
      reference,
      requestedBy: actorLabel(ctx.actor),
      endpoint: spec.endpoint ?? null,
      status: userIds.length ? 'queued' : 'done',
      partsTotal: userIds.length * months.length,
      summary: spec.deliveredNow ?? {},
      finishedAt: userIds.length ? null : new Date(),
    })
    .returning({ id: backfills.id });
  if (!row) throw new Error('backfill insert returned nothing');
  const parts = userIds.flatMap((userId) =>
    months.map((month) => ({
      backfillId: row.id,
      accountId: ctx.account.id,
      userId,
      startDay: month.start,
      endDay: month.end,
    })),
  );
  // Large "all users" backfills hold thousands of parts: insert them in slices.
  for (let i = 0; i < parts.length; i += 1000) await ctx.db.insert(backfillParts).values(parts.slice(i, i + 1000));
  return { id: row.id, reference };
}
