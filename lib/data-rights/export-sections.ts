import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import {
  auditLog,
  backfillParts,
  backfills,
  type connections,
  dataRequestUsage,
  oauthStates,
  payloads,
  rawRecords,
  widgetSessions,
} from '@/db/schema';
import { terraUser } from '../connections/terra-user';
import type { Ctx } from '../context';
import { afterTime, exactTime, keyset, type TimeKey } from './keyset';

type Connection = typeof connections.$inferSelect;
type DayKey = { day: string; id: string } | undefined;
const afterDay = (column: { day: unknown; id: unknown }, after: DayKey) =>
  after ? sql`(${column.day}, ${column.id}) > (${after.day}::date, ${after.id}::uuid)` : sql`true`;

/** The connection as Terra's user and everything else Heartbridge knows of it, without its tokens. */
export function userRecord(connection: Connection) {
  return {
    ...terraUser(connection),
    provider_user_id: connection.providerUserId,
    status: connection.status,
    token_expires_at: connection.tokenExpiresAt,
    utc_offset_minutes: connection.utcOffsetMinutes,
    last_poll_at: connection.lastPollAt,
    next_poll_at: connection.nextPollAt,
    last_data_at: connection.lastDataAt,
    last_error: connection.lastError,
  };
}

/** CardioMood's answers exactly as received (the text and its SHA-256), oldest day first. */
export function rawRecordItems(ctx: Ctx, user: string) {
  return keyset(20, async (after: DayKey, limit) =>
    (
      await ctx.db
        .select()
        .from(rawRecords)
        .where(
          sql`${rawRecords.accountId} = ${ctx.account.id} and ${rawRecords.userId} = ${user} and ${afterDay(rawRecords, after)}`,
        )
        .orderBy(asc(rawRecords.day), asc(rawRecords.id))
        .limit(limit)
    ).map((r) => ({
      key: { day: r.day, id: r.id },
      item: {
        raw_record_id: r.id,
        source: r.source,
        day: r.day,
        fetched_at: r.fetchedAt,
        content_hash: r.contentHash,
        body: r.body,
      },
    })),
  );
}

/** Every payload whole (samples included), oldest day first, 20 at a time: a day of samples is hundreds of KiB. */
export function payloadItems(ctx: Ctx, user: string) {
  return keyset(20, async (after: DayKey, limit) =>
    (
      await ctx.db
        .select()
        .from(payloads)
        .where(
          sql`${payloads.accountId} = ${ctx.account.id} and ${payloads.userId} = ${user} and ${afterDay(payloads, after)}`,
        )
        .orderBy(asc(payloads.day), asc(payloads.id))
        .limit(limit)
    ).map((p) => ({
      key: { day: p.day, id: p.id },
      item: {
        payload_id: p.id,
        type: p.type,
        day: p.day,
        natural_key: p.naturalKey,
        start_time: p.startTime,
        created_at: p.createdAt,
        updated_at: p.updatedAt,
        payload_hash: p.payloadHash,
        raw_record_ids: p.rawRecordIds,
        dropped: p.dropped,
        data: p.payload,
      },
    })),
  );
}

/** Their backfills and REST data requests, and backfills of all users with their months only. */
export function backfillItems(ctx: Ctx, user: string) {
  return keyset(100, async (after: TimeKey, limit) => {
    const theirs = ctx.db
      .select({ id: backfillParts.backfillId })
      .from(backfillParts)
      .where(and(eq(backfillParts.accountId, ctx.account.id), eq(backfillParts.userId, user)));
    const found = await ctx.db
      .select({ row: backfills, at: exactTime(backfills.createdAt) })
      .from(backfills)
      .where(
        sql`${backfills.accountId} = ${ctx.account.id} and ${or(eq(backfills.userId, user), inArray(backfills.id, theirs))} and ${afterTime(backfills, after)}`,
      )
      .orderBy(asc(backfills.createdAt), asc(backfills.id))
      .limit(limit);
    const rows = found.map((f) => f.row);
    const parts = rows.length
      ? await ctx.db
          .select()
          .from(backfillParts)
          .where(
            and(
              eq(backfillParts.userId, user),
              inArray(
                backfillParts.backfillId,
                rows.map((b) => b.id),
              ),
            ),
          )
          .orderBy(asc(backfillParts.startDay))
      : [];
    return found.map(({ row: b, at }) => ({
      key: { at, id: b.id },
      item: {
        backfill_id: b.id,
        kind: b.kind,
        all_users: b.allUsers,
        data_types: b.dataTypes,
        start_day: b.startDay,
        end_day: b.endDay,
        bounds: b.bounds,
        with_samples: b.withSamples,
        reference: b.reference,
        requested_by: b.requestedBy,
        endpoint: b.endpoint,
        status: b.status,
        created_at: b.createdAt,
        finished_at: b.finishedAt,
        // A backfill of all users sums everyone's months: only theirs are shown.
        summary: b.allUsers ? null : b.summary,
        parts: parts
          .filter((p) => p.backfillId === b.id)
          .map((p) => ({
            part_id: p.id,
            start_day: p.startDay,
            end_day: p.endDay,
            status: p.status,
            attempts: p.attempts,
            result: p.result,
            error: p.error,
            updated_at: p.updatedAt,
          })),
      },
    }));
  });
}

/** The days each REST data request asked for, counted against Terra's per-user limit. */
export function dataRequestItems(ctx: Ctx, user: string) {
  return keyset(1000, async (after: number | undefined, limit) =>
    (
      await ctx.db
        .select()
        .from(dataRequestUsage)
        .where(
          and(
            eq(dataRequestUsage.accountId, ctx.account.id),
            eq(dataRequestUsage.userId, user),
            after === undefined ? undefined : gt(dataRequestUsage.id, after),
          ),
        )
        .orderBy(asc(dataRequestUsage.id))
        .limit(limit)
    ).map((u) => ({ key: u.id, item: { at: u.at, days: u.days } })),
  );
}

/** Connect attempts: authorization states under their user id or reference, and widget sessions under the reference. */
export async function* connectAttemptItems(ctx: Ctx, user: string, reference: string | null) {
  const states = await ctx.db
    .select()
    .from(oauthStates)
    .where(
      and(
        eq(oauthStates.accountId, ctx.account.id),
        or(eq(oauthStates.userId, user), reference ? eq(oauthStates.referenceId, reference) : undefined),
      ),
    )
    .orderBy(asc(oauthStates.createdAt));
  const sessions = reference
    ? await ctx.db
        .select()
        .from(widgetSessions)
        .where(and(eq(widgetSessions.accountId, ctx.account.id), eq(widgetSessions.referenceId, reference)))
        .orderBy(asc(widgetSessions.createdAt))
    : [];
  yield [
    ...sessions.map((w) => ({
      kind: 'widget_session',
      widget_session_id: w.id,
      reference_id: w.referenceId,
      providers: w.providers,
      language: w.language,
      success_url: w.successUrl,
      failure_url: w.failureUrl,
      created_at: w.createdAt,
      expires_at: w.expiresAt,
    })),
    ...states.map((s) => ({
      kind: 'authorization',
      provider: s.provider,
      reference_id: s.referenceId,
      widget_session_id: s.widgetSessionId,
      success_url: s.successUrl,
      failure_url: s.failureUrl,
      created_at: s.createdAt,
      expires_at: s.expiresAt,
      used_at: s.usedAt,
    })),
  ];
}

/** Audit entries about the user: aimed at them, or naming them in what changed (a backfill of theirs). */
export function auditItems(ctx: Ctx, user: string) {
  const named = `%${user}%`;
  return keyset(500, async (after: TimeKey, limit) =>
    (
      await ctx.db
        .select({ row: auditLog, at: exactTime(auditLog.createdAt) })
        .from(auditLog)
        .where(
          sql`${auditLog.accountId} = ${ctx.account.id}
            and (${auditLog.targetId} = ${user} or ${auditLog.before}::text like ${named} or ${auditLog.after}::text like ${named})
            and ${afterTime(auditLog, after)}`,
        )
        .orderBy(asc(auditLog.createdAt), asc(auditLog.id))
        .limit(limit)
    ).map(({ row: a, at }) => ({
      key: { at, id: a.id },
      item: {
        audit_id: a.id,
        at: a.createdAt,
        actor: a.actor,
        action: a.action,
        target_type: a.targetType,
        target_id: a.targetId,
        before: a.before,
        after: a.after,
      },
    })),
  );
}
