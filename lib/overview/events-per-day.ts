import { sql } from 'drizzle-orm';
import { events } from '@/db/schema';
import { rowsOf } from '@/db/client';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { lastDays, sinceDays } from './days';

const dataTypes = ['activity', 'body', 'daily', 'sleep', 'athlete'] as const;
export const eventGroups = [...dataTypes, 'other'] as const;
export type EventGroup = (typeof eventGroups)[number];

/** Events emitted on each of the last `days` UTC days, by data type; lifecycle events count as `other`. */
export async function eventsPerDay({ ctx, input = {} }: { ctx: Ctx; input?: { days?: number } }) {
  authorize(ctx, 'account.read');
  const days = lastDays(input.days ?? 14);
  const result = await ctx.db.execute(sql`
    select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, type, count(*)::int as count
    from ${events}
    where account_id = ${ctx.account.id} and created_at >= ${sinceDays(days.length).toISOString()}
    group by 1, 2`);
  const series = days.map((day) => ({ day, ...Object.fromEntries(eventGroups.map((g) => [g, 0])) })) as Array<
    { day: string } & Record<EventGroup, number>
  >;
  const byDay = new Map(series.map((s) => [s.day, s]));
  let total = 0;
  for (const row of rowsOf<{ day: string; type: string; count: number }>(result)) {
    const entry = byDay.get(row.day);
    if (!entry) continue;
    const group: EventGroup = (dataTypes as readonly string[]).includes(row.type) ? (row.type as EventGroup) : 'other';
    entry[group] += row.count;
    total += row.count;
  }
  return { series, total };
}
