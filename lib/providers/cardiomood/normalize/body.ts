import type { Body, OxygenSaturationSample, RRIntervalSample, TemperatureSample } from '@/lib/models/terra';
import type { DayRaw, Normalized } from './day-input';
import { cardiomoodDevice } from './device';
import { good, worn } from './quality';
import { DropCounter, type Point, mean, points, round, samples } from './series';
import { isoLocal, localDay } from './time';

/** A user's local day of RR intervals, temperature, SpO2 and resting heart rate → Terra Body. Null when there is none. */
export function normalizeBody(day: DayRaw): Normalized<Body> | null {
  const drops = new DropCounter();
  const offset = day.utcOffsetMinutes;
  const interval = localDay(day.date, offset);

  const rr = points(day.rr, (r) => r.rr, 'rrIntervalMs', interval, drops);
  const skin = points(day.temperature, (r) => r.temp1, 'skinTemperatureCelsius', interval, drops);
  const core = points(day.temperature, (r) => r.temp2, 'bodyTemperatureCelsius', interval, drops);
  const ambient = points(day.temperature, (r) => r.temp_amb, 'ambientTemperatureCelsius', interval, drops);
  const spo2 = points(
    day.activity.filter((r) => worn(r) && good(r.spo2_q)),
    (r) => r.spo2,
    'spo2Percent',
    interval,
    drops,
  );
  const resting = drops.keep('heartRateBpm', day.summary?.heart_rate?.rest_daily_heart_rate);
  const spo2Average = day.summary?.spo2?.average ?? mean(spo2);
  if (!rr.length && !skin.length && !core.length && !spo2.length && resting === null && spo2Average === null)
    return null;

  const temperature = (values: Point[]) =>
    samples<TemperatureSample>(values, offset, (p, timestamp) => ({
      timestamp,
      temperature_celsius: round(p.value, 2),
    }));
  const payload: Body = {
    metadata: {
      start_time: isoLocal(interval.start, offset),
      end_time: isoLocal(interval.end, offset),
      timestamp_localization: 1,
    },
    device_data: cardiomoodDevice,
    heart_data: {
      heart_rate_data: { summary: { resting_hr_bpm: resting } },
      rr_interval_samples: samples<RRIntervalSample>(rr, offset, (p, timestamp) => ({
        timestamp,
        rr_interval_ms: p.value,
        hr_bpm: round(60_000 / p.value, 1),
      })),
    },
    temperature_data: {
      skin_temperature_samples: temperature(skin),
      body_temperature_samples: temperature(core),
      ambient_temperature_samples: temperature(ambient),
      day_avg_skin_temperature_celsius: mean(skin),
      day_avg_body_temperature_celsius: mean(core),
      day_avg_ambient_temperature_celsius: mean(ambient),
    },
    oxygen_data: {
      avg_saturation_percentage: spo2Average,
      saturation_samples: samples<OxygenSaturationSample>(spo2, offset, (p, timestamp) => ({
        timestamp,
        percentage: p.value,
        type: 0,
      })),
    },
  };
  return { payload, dropped: drops.dropped };
}
