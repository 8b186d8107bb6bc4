import { sql } from 'drizzle-orm';
import { connections } from '@/db/schema';
import { rowsOf } from '@/db/client';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { lastDays, sinceDays } from './days';

/** Connected users at the end of each of the last `days` UTC days, and how many are active now. */
export async function connectionsOverTime({ ctx, input = {} }: { ctx: Ctx; input?: { days?: number } }) {
  authorize(ctx, 'account.read');
  const days = lastDays(input.days ?? 30);
  const since = sinceDays(days.length);
  const result = await ctx.db.execute(sql`
    select case when created_at < ${since.toISOString()} then 'before'
                else to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') end as day,
           count(*)::int as created,
           count(*) filter (where status = 'active')::int as active
    from ${connections} where account_id = ${ctx.account.id}
    group by 1`);
  const created = new Map(rowsOf<{ day: string; created: number; active: number }>(result).map((r) => [r.day, r]));
  let total = created.get('before')?.created ?? 0;
  const series = days.map((day) => {
    total += created.get(day)?.created ?? 0;
    return { day, connected: total };
  });
  const active = [...created.values()].reduce((n, r) => n + r.active, 0);
  return { series, total, active, inactive: total - active };
}
