import { and, asc, between, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { payloads } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { daysBetween } from '../data-requests/date-bounds';
import { parseInput } from '../validation';
import { dayRangeFields, inDayRange } from './date-range';
import { inspectedConnection, UserId } from './inspected-connection';

const Input = z.object({ userId: UserId, ...dayRangeFields }).transform(inDayRange);

/** A number at a Terra path of the stored summary (samples emptied), or null when absent or not a number. */
function numberAt(path: string[]): SQL<number | null> {
  const at = sql`${payloads.summary} #> ${sql.raw(`'{${path.join(',')}}'`)}`;
  return sql<number | null>`case when jsonb_typeof(${at}) = 'number' then (${at})::float8 end`.mapWith((v) =>
    v === null ? null : Number(v),
  );
}

const hr = ['heart_rate_data', 'summary'];
const sleepStage = (group: string, field: string) => numberAt(['sleep_durations_data', group, field]);

export interface DayPoint {
  day: string;
  restingHr: number | null;
  avgHr: number | null;
  steps: number | null;
  hrvRmssd: number | null;
  hrvSdnn: number | null;
}

/** Minutes per stage of the night that ends on `day`. */
export interface NightPoint {
  day: string;
  deep: number | null;
  light: number | null;
  rem: number | null;
  awake: number | null;
}

const minutes = (seconds: number | null) => (seconds === null ? null : Math.round(seconds / 60));

/**
 * The inspector's charts for one user over `[from, to]`: heart rate, steps and HRV per day from the
 * Daily payloads, sleep stages per night from the Sleep payloads (Terra's fields, read in SQL from
 * the samples-free copy). Every day of the range is present; a day without data holds nulls.
 */
export async function userCharts({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { userId, from, to } = parseInput(Input, input);
  const connection = await inspectedConnection(ctx, userId);
  const rows = await ctx.db
    .select({
      day: payloads.day,
      type: payloads.type,
      restingHr: numberAt([...hr, 'resting_hr_bpm']),
      avgHr: numberAt([...hr, 'avg_hr_bpm']),
      steps: numberAt(['distance_data', 'steps']),
      hrvRmssd: numberAt([...hr, 'avg_hrv_rmssd']),
      hrvSdnn: numberAt([...hr, 'avg_hrv_sdnn']),
      deep: sleepStage('asleep', 'duration_deep_sleep_state_seconds'),
      light: sleepStage('asleep', 'duration_light_sleep_state_seconds'),
      rem: sleepStage('asleep', 'duration_REM_sleep_state_seconds'),
      awake: sleepStage('awake', 'duration_awake_state_seconds'),
    })
    .from(payloads)
    .where(
      and(
        eq(payloads.accountId, ctx.account.id),
        eq(payloads.userId, connection.id),
        inArray(payloads.type, ['daily', 'sleep']),
        between(payloads.day, from, to),
      ),
    )
    .orderBy(asc(payloads.day));

  const byDay = new Map<string, { daily?: (typeof rows)[number]; sleep?: (typeof rows)[number] }>();
  for (const row of rows) {
    const entry = byDay.get(row.day) ?? {};
    entry[row.type === 'sleep' ? 'sleep' : 'daily'] = row;
    byDay.set(row.day, entry);
  }
  const days: DayPoint[] = [];
  const nights: NightPoint[] = [];
  for (const day of daysBetween(from, to)) {
    const { daily, sleep } = byDay.get(day) ?? {};
    days.push({
      day,
      restingHr: daily?.restingHr ?? null,
      avgHr: daily?.avgHr ?? null,
      steps: daily?.steps ?? null,
      // The day's HRV, else the night's: CardioMood measures HRV mostly asleep.
      hrvRmssd: daily?.hrvRmssd ?? sleep?.hrvRmssd ?? null,
      hrvSdnn: daily?.hrvSdnn ?? sleep?.hrvSdnn ?? null,
    });
    nights.push({
      day,
      deep: minutes(sleep?.deep ?? null),
      light: minutes(sleep?.light ?? null),
      rem: minutes(sleep?.rem ?? null),
      awake: minutes(sleep?.awake ?? null),
    });
  }
  const has = <T>(points: T[], keys: Array<keyof T>) => points.some((p) => keys.some((k) => p[k] !== null));
  return {
    from,
    to,
    days,
    nights,
    has: {
      heartRate: has(days, ['restingHr', 'avgHr']),
      steps: has(days, ['steps']),
      hrv: has(days, ['hrvRmssd', 'hrvSdnn']),
      sleep: has(nights, ['deep', 'light', 'rem', 'awake']),
    },
  };
}

export type UserCharts = Awaited<ReturnType<typeof userCharts>>;
