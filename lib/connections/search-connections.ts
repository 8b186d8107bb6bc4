import { and, asc, count, desc, eq, gte, ilike, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { connections, deliveries, events } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { offsetOf, pageFields } from '../pagination';
import { parseInput } from '../validation';

export const connectionSorts = ['connected_at', 'last_sync', 'last_webhook', 'last_data', 'reference_id'] as const;
/** How long ago the last poll was: never, within the hour, within the day, or longer ago. */
export const syncFilters = ['never', 'hour', 'day', 'stale'] as const;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const Input = z.object({
  ...pageFields,
  sort: z
    .enum(connectionSorts, {
      message: 'sort: sort by connected_at, last_sync, last_webhook, last_data or reference_id.',
    })
    .default('connected_at'),
  status: z.enum(['active', 'inactive'], { message: 'status: pick active or inactive.' }).optional(),
  sync: z.enum(syncFilters, { message: 'sync: pick never, hour, day or stale.' }).optional(),
  /** A user_id (exact) or part of a reference_id. */
  q: z.string().trim().max(200, { message: 'q: search for at most 200 characters.' }).optional(),
});

export type SearchConnectionsInput = z.input<typeof Input>;

/**
 * One page of the account's connections for the Users table, filtered, searched and sorted in the
 * database (index-backed up to 100,000 connections), each with its count of failing deliveries.
 */
export async function searchConnections({
  ctx,
  input = {},
  now = new Date(),
}: {
  ctx: Ctx;
  input?: SearchConnectionsInput;
  now?: Date;
}) {
  authorize(ctx, 'account.read');
  const params = parseInput(Input, input);
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const sync = {
    never: isNull(connections.lastPollAt),
    hour: gte(connections.lastPollAt, hourAgo),
    day: gte(connections.lastPollAt, dayAgo),
    stale: lt(connections.lastPollAt, dayAgo),
  };
  const escaped = params.q?.replace(/[\\%_]/g, (c) => `\\${c}`);
  const where = and(
    eq(connections.accountId, ctx.account.id),
    params.status ? eq(connections.status, params.status) : undefined,
    params.sync ? sync[params.sync] : undefined,
    params.q
      ? uuidPattern.test(params.q)
        ? or(eq(connections.id, params.q.toLowerCase()), eq(connections.referenceId, params.q))
        : ilike(connections.referenceId, `%${escaped}%`)
      : undefined,
  );
  const column = {
    connected_at: connections.createdAt,
    last_sync: connections.lastPollAt,
    last_webhook: connections.lastWebhookAt,
    last_data: connections.lastDataAt,
    reference_id: connections.referenceId,
  }[params.sort];
  // Never-polled rows last either way; the id breaks ties so that pages neither repeat nor skip rows.
  const orderBy: SQL[] =
    params.dir === 'asc'
      ? [sql`${column} asc nulls last`, asc(connections.id)]
      : [sql`${column} desc nulls last`, desc(connections.id)];
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select({
        userId: connections.id,
        referenceId: connections.referenceId,
        provider: connections.provider,
        status: connections.status,
        createdAt: connections.createdAt,
        lastPollAt: connections.lastPollAt,
        nextPollAt: connections.nextPollAt,
        lastDataAt: connections.lastDataAt,
        lastWebhookAt: connections.lastWebhookAt,
        lastError: connections.lastError,
      })
      .from(connections)
      .where(where)
      .orderBy(...orderBy)
      .limit(params.perPage)
      .offset(offsetOf(params)),
    ctx.db.select({ total: count() }).from(connections).where(where),
  ]);
  const failing = await failingDeliveries(
    ctx,
    rows.map((r) => r.userId),
  );
  return {
    rows: rows.map((row) => ({ ...row, failingDeliveries: failing.get(row.userId) ?? 0 })),
    total: counted?.total ?? 0,
    page: params.page,
    perPage: params.perPage,
    sort: params.sort,
    dir: params.dir,
  };
}

/** Retrying or dead deliveries of these users' events (a partial index keeps the failing set small). */
async function failingDeliveries(ctx: Ctx, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await ctx.db
    .select({ userId: events.userId, failing: count() })
    .from(deliveries)
    .innerJoin(events, eq(events.id, deliveries.eventId))
    .where(
      and(
        eq(deliveries.accountId, ctx.account.id),
        sql`${deliveries.status} in ('retrying', 'dead')`,
        sql`${events.userId} in (select jsonb_array_elements_text(${JSON.stringify(userIds)}::jsonb)::uuid)`,
      ),
    )
    .groupBy(events.userId);
  return new Map(rows.map((r) => [r.userId ?? '', r.failing]));
}
