import type {
  Activity,
  ActivityType,
  CalorieSample,
  DistanceSample,
  HeartRateDataSample,
  SpeedSample,
  StepSample,
} from '@/lib/models/terra';
import { ACTIVITY_RECORD_SECONDS, ENERGY_EXP_CALORIES_PER_KCAL } from '../assumptions';
import { type Bout, type BoutKind, detectBouts, RECORD_MS } from './bouts';
import type { DayRaw, Normalized } from './day-input';
import { cardiomoodDevice } from './device';
import { good, worn } from './quality';
import { DropCounter, max, mean, min, points, round, runningTotals, samples, sum } from './series';
import { isoLocal, localDay } from './time';

/** Terra's ActivityType for each bout kind (ActivityType.yaml: 7 Walking, 8 Running, 1 Biking). */
const TERRA_TYPE: Record<BoutKind, ActivityType> = { walk: 7, run: 8, cycle: 1 };
const NAME: Record<BoutKind, string> = { walk: 'Walk', run: 'Run', cycle: 'Ride' };

/**
 * A user's local day → one Terra Activity per walk, run or ride (see ./bouts.ts), in time order.
 * Pure: the same day in gives the same JSON out, and a bout keeps its summary_id as the day fills in.
 */
export function normalizeActivities(day: DayRaw): Array<Normalized<Activity>> {
  const offset = day.utcOffsetMinutes;
  return detectBouts(day.activity, localDay(day.date, offset)).map((bout) => normalizeBout(bout, offset));
}

/** `cardiomood-<kind>-<epoch seconds of the first record>`: a bout that grows keeps its start, so its id. */
export function activitySummaryId(kind: BoutKind, start: number): string {
  return `cardiomood-${kind}-${Math.floor(start / 1000)}`;
}

function normalizeBout(bout: Bout, offset: number): Normalized<Activity> {
  const drops = new DropCounter();
  for (let i = 0; i < bout.outside; i++) drops.count('outside_interval');
  const span = { start: bout.start, end: bout.end };
  const raw = bout.records;
  const elapsed = (at: number) => (at - bout.start) / 1000;

  const heartRate = points(
    raw.filter((r) => worn(r) && good(r.bpm_q ?? r.q)),
    (r) => r.bpm,
    'heartRateBpm',
    span,
    drops,
  );
  const steps = points(raw, (r) => r.last_steps, 'stepsPerSlot', span, drops).map((p) => ({
    ...p,
    value: Math.round(p.value),
  }));
  const speed = points(raw, (r) => r.speed, 'speedMetersPerSecond', span, drops);
  const calories = points(raw, (r) => r.energy_exp, 'caloriesPerMinute', span, drops);
  const stepTotals = runningTotals(steps, RECORD_MS, 0);
  const distanceTotals = runningTotals(
    speed.map((p) => ({ at: p.at, value: p.value * ACTIVITY_RECORD_SECONDS })),
    RECORD_MS,
    1,
  );

  const payload: Activity = {
    metadata: {
      summary_id: activitySummaryId(bout.kind, bout.start),
      name: NAME[bout.kind],
      type: TERRA_TYPE[bout.kind],
      start_time: isoLocal(bout.start, offset),
      end_time: isoLocal(bout.end, offset),
      upload_type: 1,
      timestamp_localization: 1,
    },
    device_data: cardiomoodDevice,
    active_durations_data: { activity_seconds: elapsed(bout.end) },
    distance_data: {
      summary: {
        steps: stepTotals.at(-1)?.value ?? null,
        distance_meters: distanceTotals.at(-1)?.value ?? null,
      },
      detailed: {
        step_samples: samples<StepSample>(stepTotals, offset, (p, timestamp) => ({
          timestamp,
          steps: p.value,
          timer_duration_seconds: elapsed(p.at),
        })),
        distance_samples: samples<DistanceSample>(distanceTotals, offset, (p, timestamp) => ({
          timestamp,
          distance_meters: p.value,
          timer_duration_seconds: elapsed(p.at),
        })),
      },
    },
    movement_data: {
      avg_speed_meters_per_second: mean(speed),
      max_speed_meters_per_second: max(speed),
      speed_samples: samples<SpeedSample>(speed, offset, (p, timestamp) => ({
        timestamp,
        speed_meters_per_second: p.value,
        timer_duration_seconds: elapsed(p.at),
      })),
    },
    calories_data: {
      total_burned_calories: calories.length ? round(sum(calories) / ENERGY_EXP_CALORIES_PER_KCAL, 1) : null,
      calorie_samples: samples<CalorieSample>(calories, offset, (p, timestamp) => ({
        timestamp,
        calories: round(p.value / ENERGY_EXP_CALORIES_PER_KCAL, 3),
        timer_duration_seconds: elapsed(p.at),
      })),
    },
    // No hr_zone_data: Terra's zones are percentages of the user's max HR, which CardioMood does not send.
    heart_rate_data: {
      summary: { avg_hr_bpm: mean(heartRate), max_hr_bpm: max(heartRate), min_hr_bpm: min(heartRate) },
      detailed: {
        hr_samples: samples<HeartRateDataSample>(heartRate, offset, (p, timestamp) => ({
          timestamp,
          bpm: p.value,
          timer_duration_seconds: elapsed(p.at),
        })),
      },
    },
  };
  return { payload, dropped: drops.dropped };
}
