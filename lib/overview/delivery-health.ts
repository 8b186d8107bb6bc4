import { sql } from 'drizzle-orm';
import { deliveryAttempts } from '@/db/schema';
import { rowsOf } from '@/db/client';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { lastDays, sinceDays } from './days';

/** Delivery attempts on each of the last `days` UTC days: how many, the share that succeeded, p95 latency. */
export async function deliveryHealth({ ctx, input = {} }: { ctx: Ctx; input?: { days?: number } }) {
  authorize(ctx, 'account.read');
  const days = lastDays(input.days ?? 7);
  const result = await ctx.db.execute(sql`
    select coalesce(to_char(started_at at time zone 'UTC', 'YYYY-MM-DD'), 'all') as day,
           count(*)::int as attempts,
           (count(*) filter (where status_code between 200 and 299))::int as succeeded,
           percentile_cont(0.95) within group (order by duration_ms) as p95
    from ${deliveryAttempts}
    where account_id = ${ctx.account.id} and started_at >= ${sinceDays(days.length).toISOString()}
    group by grouping sets ((to_char(started_at at time zone 'UTC', 'YYYY-MM-DD')), ())`);
  const rows = new Map(
    rowsOf<{ day: string; attempts: number; succeeded: number; p95: number | null }>(result).map((r) => [r.day, r]),
  );
  const summarize = (row?: { attempts: number; succeeded: number; p95: number | null }) => ({
    attempts: row?.attempts ?? 0,
    successRate: row?.attempts ? row.succeeded / row.attempts : null,
    p95Ms: row?.p95 === null || row?.p95 === undefined ? null : Math.round(Number(row.p95)),
  });
  return { series: days.map((day) => ({ day, ...summarize(rows.get(day)) })), overall: summarize(rows.get('all')) };
}
