import type {
  CalorieSample,
  Daily,
  HeartRateDataSample,
  HeartRateVariabilityDataSampleRMSSD,
  HeartRateVariabilityDataSampleSDNN,
  OxygenSaturationSample,
  StepSample,
  StressSample,
} from '@/lib/models/terra';
import {
  ACTIVITY_RECORD_SECONDS,
  ACTIVITY_TYPE,
  ENERGY_EXP_CALORIES_PER_KCAL,
  SUMMARY_DISTANCE_METERS_PER_UNIT,
} from '../assumptions';
import { cardiomoodDevice } from './device';
import { good, worn } from './quality';
import type { DayRaw, Normalized } from './day-input';
import { DropCounter, max, mean, min, type Point, points, round, runningTotals, samples, sum } from './series';
import { isoLocal, localDay } from './time';

/** A user's local day → Terra Daily. Pure: the same day in gives the same JSON out. */
export function normalizeDaily(day: DayRaw): Normalized<Daily> {
  const drops = new DropCounter();
  const offset = day.utcOffsetMinutes;
  const interval = localDay(day.date, offset);
  const summary = day.summary;
  const raw = day.activity;

  const steps = stepPoints(day, interval, drops);
  const heartRate = points(
    raw.filter((r) => worn(r) && good(r.bpm_q ?? r.q)),
    (r) => r.bpm,
    'heartRateBpm',
    interval,
    drops,
  );
  const heartRateSeries = heartRate.length
    ? heartRate
    : points(
        summary?.heart_rate?.slots?.filter((s) => good(s.bpm_q)),
        (s) => s.bpm,
        'heartRateBpm',
        interval,
        drops,
      );
  const rmssd = day.hrv.length
    ? points(day.hrv, (r) => r.rmssd, 'hrvMs', interval, drops)
    : points(summary?.stress?.slots, (s) => s.rmssd, 'hrvMs', interval, drops);
  const sdnn = day.hrv.length
    ? points(day.hrv, (r) => r.sdnn, 'hrvMs', interval, drops)
    : points(summary?.stress?.slots, (s) => s.sdnn, 'hrvMs', interval, drops);
  const stress = points(summary?.stress?.slots, (s) => s.si_n, 'stressLevel', interval, drops);
  const spo2Raw = points(
    raw.filter((r) => worn(r) && good(r.spo2_q)),
    (r) => r.spo2,
    'spo2Percent',
    interval,
    drops,
  );
  const spo2 = spo2Raw.length
    ? spo2Raw
    : points(
        summary?.spo2?.slots?.filter((s) => good(s.quality)),
        (s) => s.value,
        'spo2Percent',
        interval,
        drops,
      );
  const calories = points(raw, (r) => r.energy_exp, 'caloriesPerMinute', interval, drops);
  const bySeconds = (type: number) => raw.filter((r) => r.activity_type === type).length * ACTIVITY_RECORD_SECONDS;
  const activeSeconds = summary?.activity?.active_minutes ?? null;

  const payload: Daily = {
    metadata: {
      start_time: isoLocal(interval.start, offset),
      end_time: isoLocal(interval.end, offset),
      upload_type: 1,
      timestamp_localization: 1,
    },
    device_data: cardiomoodDevice,
    distance_data: {
      steps: steps.points.length ? sum(steps.points) : (summary?.activity?.total_steps ?? null),
      distance_meters:
        summary?.activity?.distance === undefined
          ? null
          : round(summary.activity.distance * SUMMARY_DISTANCE_METERS_PER_UNIT, 1),
      detailed: {
        step_samples: samples<StepSample>(
          runningTotals(steps.points, steps.seconds * 1000, 0),
          offset,
          (p, timestamp) => ({
            timestamp,
            steps: p.value,
            timer_duration_seconds: (p.at - interval.start) / 1000,
          }),
        ),
      },
    },
    calories_data: {
      total_burned_calories:
        summary?.activity?.calories ??
        (calories.length ? round(sum(calories) / ENERGY_EXP_CALORIES_PER_KCAL, 1) : null),
      calorie_samples: samples<CalorieSample>(calories, offset, (p, timestamp) => ({
        timestamp,
        calories: round(p.value / ENERGY_EXP_CALORIES_PER_KCAL, 3),
        timer_duration_seconds: (p.at - interval.start) / 1000,
      })),
    },
    heart_rate_data: {
      summary: {
        avg_hr_bpm: drops.keep('heartRateBpm', summary?.heart_rate?.avg_daily_heart_rate) ?? mean(heartRateSeries),
        max_hr_bpm: drops.keep('heartRateBpm', summary?.heart_rate?.max_daily_heart_rate) ?? max(heartRateSeries),
        min_hr_bpm: min(heartRateSeries),
        resting_hr_bpm: drops.keep('heartRateBpm', summary?.heart_rate?.rest_daily_heart_rate),
        avg_hrv_rmssd: summary?.stress?.avg_rmssd ?? mean(rmssd),
        avg_hrv_sdnn: summary?.stress?.avg_sdnn ?? mean(sdnn),
      },
      detailed: {
        hr_samples: samples<HeartRateDataSample>(heartRateSeries, offset, (p, timestamp) => ({
          timestamp,
          bpm: p.value,
        })),
        hrv_samples_rmssd: samples<HeartRateVariabilityDataSampleRMSSD>(rmssd, offset, (p, timestamp) => ({
          timestamp,
          hrv_rmssd: p.value,
        })),
        hrv_samples_sdnn: samples<HeartRateVariabilityDataSampleSDNN>(sdnn, offset, (p, timestamp) => ({
          timestamp,
          hrv_sdnn: p.value,
        })),
      },
    },
    stress_data: {
      avg_stress_level: summary?.stress?.avg_si_n ?? mean(stress),
      max_stress_level: max(stress),
      samples: samples<StressSample>(stress, offset, (p, timestamp) => ({ timestamp, level: p.value })),
    },
    oxygen_data: {
      avg_saturation_percentage: summary?.spo2?.average ?? mean(spo2),
      saturation_samples: samples<OxygenSaturationSample>(spo2, offset, (p, timestamp) => ({
        timestamp,
        percentage: p.value,
        type: 0,
      })),
    },
    active_durations_data: {
      activity_seconds:
        activeSeconds !== null
          ? activeSeconds * 60
          : raw.length
            ? bySeconds(ACTIVITY_TYPE.walk) + bySeconds(ACTIVITY_TYPE.run) + bySeconds(ACTIVITY_TYPE.cycle)
            : null,
      rest_seconds: raw.length ? bySeconds(ACTIVITY_TYPE.rest) : null,
    },
  };
  return { payload, dropped: drops.dropped };
}

/** Step samples from the finest source there is: 5-minute summary slots, 30-minute slots, raw records. */
function stepPoints(day: DayRaw, interval: { start: number; end: number }, drops: DropCounter) {
  const activity = day.summary?.activity;
  const sources: Array<[Array<{ timestamp: number; step_count: number }> | null | undefined, number]> = [
    [activity?.slots_five_minutes, 300],
    [activity?.slots, 1800],
  ];
  for (const [slots, seconds] of sources) {
    if (slots?.length) return { points: points(slots, (s) => s.step_count, 'stepsPerSlot', interval, drops), seconds };
  }
  const raw: Point[] = points(day.activity, (r) => r.last_steps, 'stepsPerSlot', interval, drops);
  return { points: raw, seconds: ACTIVITY_RECORD_SECONDS };
}
