import { and, eq, gt, gte, inArray, lte } from 'drizzle-orm';
import { backfills } from '@/db/schema';
import { parseRequestPart } from '../api/parse-request';
import { authorize } from '../auth/roles';
import { insertBackfill } from '../backfills/create-backfill';
import { getConnectionInAccount } from '../connections/connection-in-account';
import { terraUser } from '../connections/terra-user';
import { type Ctx, withTransaction } from '../context';
import { Invalid, isHeartbridgeError, TooLarge } from '../errors';
import { emitEvent } from '../events/emit-event';
import { fetchHistory, missingHistory } from '../ingest/fetch-history';
import type { TerraUser } from '../models/terra';
import { type Bound, calendarMonths, daysBetween, instantOf, localDaySpan, rangeDays } from './date-bounds';
import { DataQuery } from './data-query';
import { type DataType, measurePayloads, payloadTexts } from './read-payloads';
import { chargeUserDays, type UsageState } from './user-rate-limit';

/** An inline answer is refused (413, pointing to `to_webhook`) above this size. */
export const maxInlineBytes = 10 * 1024 * 1024;
/** How long an inline request may spend fetching missing history before answering "processing". */
const inlineFetchMs = 20_000;

export type DataAnswer = { usage: UsageState; user: TerraUser; type: DataType } & (
  | { kind: 'inline'; payloads: string[] }
  | { kind: 'no_data' }
  | { kind: 'processing'; retryAfterSeconds: number }
  | { kind: 'webhook'; reference: string }
  | { kind: 'large'; reference: string }
);

/**
 * `GET /v2/<type>`: the user's payloads of one type in `[start_date, end_date)`. Days never synced are
 * fetched from CardioMood first. With `to_webhook` (the default) the answer is a reference and the
 * data follows as events; a range over more than one calendar month follows Terra's large-request
 * flow. Checks Terra's per-user limits; a refused request writes nothing.
 */
export async function requestData({
  ctx,
  input,
  type,
  now = new Date(),
}: {
  ctx: Ctx;
  input: Record<string, unknown>;
  type: DataType;
  now?: Date;
}): Promise<DataAnswer> {
  authorize(ctx, 'account.read');
  const query = parseRequestPart(DataQuery, input, 'query');
  const start = query.start_date;
  const end: Bound = query.end_date ?? { kind: 'instant', at: now };
  if (instantOf(start) >= instantOf(end)) throw Invalid('start_date must be before end_date.', { field: 'start_date' });
  const connection = await getConnectionInAccount(ctx, query.user_id);
  const user = terraUser(connection);
  const withSamples = query.with_samples ?? false;
  const span = localDaySpan(start, end, connection.utcOffsetMinutes ?? 0);
  const days = rangeDays(start, end);
  const range = { userId: connection.id, type, start, end, withSamples };

  if (query.to_webhook ?? (query.format ?? 'json') === 'json') {
    return withTransaction(ctx, async (tx) => {
      const usage = await chargeUserDays(tx, connection.id, days, now);
      const large = calendarMonths(span.first, span.last).length > 1;
      const { reference } = await insertBackfill(tx, {
        kind: 'request',
        userIds: [connection.id],
        allUsers: false,
        dataTypes: [type],
        firstDay: span.first,
        lastDay: span.last,
        bounds: { start, end },
        withSamples,
        delivery: 'events',
        large,
        endpoint: `GET /v2/${type}`,
      });
      if (!large) return { kind: 'webhook', reference, usage, user, type };
      await emitEvent(tx, {
        type: 'large_request_processing',
        userId: connection.id,
        reference,
        body: { type: 'large_request_processing', status: 'processing', message: largeMessage, user, reference },
      });
      return { kind: 'large', reference, usage, user, type };
    });
  }

  const tooLarge = TooLarge(
    `The answer would be larger than ${maxInlineBytes / 1024 / 1024} MB: ask with to_webhook=true (the data then arrives in chunks), with_samples=false or a shorter range.`,
  );
  // Too large already with what is stored: refused before anything is written.
  const usage = await withTransaction(ctx, async (tx) => {
    const charged = await chargeUserDays(tx, connection.id, days, now);
    if ((await measurePayloads(tx, range)).bytes > maxInlineBytes) throw tooLarge;
    return charged;
  });
  const missing = await missingHistory(ctx, connection, daysBetween(span.first, span.last), now);
  if (missing.length) {
    const fetched = await fetchInline(ctx, connection.id, missing, now);
    if (fetched.status === 'partial') {
      await withTransaction(ctx, (tx) => queueHistory(tx, connection.id, span, type));
      return { kind: 'processing', retryAfterSeconds: fetched.retryAfterSeconds, usage, user, type };
    }
    if ((await measurePayloads(ctx, range)).bytes > maxInlineBytes) throw tooLarge;
  }
  const payloads = await payloadTexts(ctx, range);
  return payloads.length ? { kind: 'inline', payloads, usage, user, type } : { kind: 'no_data', usage, user, type };
}

export const largeMessage = 'Large request is being processed; payloads will be delivered when ready';

/**
 * Missing history, fetched within the inline time limit. Running out of time, or CardioMood failing,
 * hands the rest to the backfill worker; a history fetch already queued for these days is waited for.
 */
async function fetchInline(ctx: Ctx, userId: string, days: string[], now: Date) {
  const pending = await pendingHistory(ctx, userId, days);
  if (pending) return { status: 'partial' as const, retryAfterSeconds: 30 };
  try {
    const outcome = await fetchHistory(ctx.db, userId, days, { now, deadline: Date.now() + inlineFetchMs });
    if (outcome.status !== 'partial') return { status: 'complete' as const };
    return { status: 'partial' as const, retryAfterSeconds: Math.max(30, Math.ceil(outcome.remaining * 2)) };
  } catch (error) {
    if (!isHeartbridgeError(error) || error.kind !== 'upstream') throw error;
    return { status: 'partial' as const, retryAfterSeconds: 60 };
  }
}

/** A history fetch for an inline request, not yet finished, that covers `days`. */
async function pendingHistory(ctx: Ctx, userId: string, days: string[]) {
  const [row] = await ctx.db
    .select({ id: backfills.id })
    .from(backfills)
    .where(
      and(
        eq(backfills.accountId, ctx.account.id),
        eq(backfills.userId, userId),
        eq(backfills.delivery, 'none'),
        inArray(backfills.status, ['queued', 'running']),
        lte(backfills.startDay, days[0] as string),
        gt(backfills.endDay, days.at(-1) as string),
        gte(backfills.createdAt, new Date(Date.now() - 6 * 3_600_000)),
      ),
    )
    .limit(1);
  return row;
}

async function queueHistory(ctx: Ctx, userId: string, span: { first: string; last: string }, type: DataType) {
  await insertBackfill(ctx, {
    kind: 'request',
    userIds: [userId],
    allUsers: false,
    dataTypes: [type],
    firstDay: span.first,
    lastDay: span.last,
    withSamples: false,
    delivery: 'none',
    endpoint: `GET /v2/${type}`,
  });
}
