import type { RecordMesg } from '@garmin/fitsdk';
import { asRecord, at, finite, list } from '../fhir/read';
import { fhirTime } from '../fhir/time';
import { fields, fitStored, semicircles } from './fields';

type Sampled = Pick<
  RecordMesg,
  | 'heartRate'
  | 'distance'
  | 'speed'
  | 'enhancedSpeed'
  | 'altitude'
  | 'enhancedAltitude'
  | 'cadence'
  | 'power'
  | 'positionLat'
  | 'positionLong'
>;

/** The activity's sample series FIT records carry, each setting its record fields from one sample. */
const series: Array<{ path: string; set: (sample: Record<string, unknown>) => Sampled }> = [
  {
    path: 'heart_rate_data.detailed.hr_samples',
    set: (s) => ({ heartRate: fitStored(finite(s.bpm), fields.heartRate) }),
  },
  {
    path: 'distance_data.detailed.distance_samples',
    set: (s) => ({ distance: fitStored(finite(s.distance_meters), fields.distance) }),
  },
  {
    path: 'movement_data.speed_samples',
    set: (s) => ({
      speed: fitStored(finite(s.speed_meters_per_second), fields.speed),
      enhancedSpeed: fitStored(finite(s.speed_meters_per_second), fields.enhancedSpeed),
    }),
  },
  {
    path: 'distance_data.detailed.elevation_samples',
    set: (s) => ({
      altitude: fitStored(finite(s.elev_meters), fields.altitude),
      enhancedAltitude: fitStored(finite(s.elev_meters), fields.enhancedAltitude),
    }),
  },
  {
    path: 'movement_data.cadence_samples',
    set: (s) => ({ cadence: fitStored(finite(s.cadence_rpm), fields.cadence) }),
  },
  { path: 'power_data.power_samples', set: (s) => ({ power: fitStored(finite(s.watts), fields.power) }) },
  {
    path: 'position_data.position_samples',
    set: (s) => {
      const [lat, lng] = Array.isArray(s.coords_lat_lng_deg) ? s.coords_lat_lng_deg : [];
      const positionLat = semicircles(lat, 90);
      const positionLong = semicircles(lng, 180);
      return positionLat === undefined || positionLong === undefined ? {} : { positionLat, positionLong };
    },
  },
];

/**
 * One record per second that any series has a sample in, oldest first, with every field a sample
 * there sets (the earliest sample of a second wins). Samples without a valid time, or whose value the
 * field cannot hold, set nothing.
 */
export function activityRecords(payload: unknown): Array<RecordMesg & { timestamp: Date }> {
  const bySecond = new Map<number, Sampled>();
  for (const { path, set } of series) {
    const timed = list(at(payload, path))
      .map((item) => ({ sample: asRecord(item), time: fhirTime(asRecord(item)?.timestamp) }))
      .sort((a, b) => (a.time?.ms ?? 0) - (b.time?.ms ?? 0));
    for (const { sample, time } of timed) {
      if (!sample || !time) continue;
      const second = Math.round(time.ms / 1000) * 1000;
      const record = bySecond.get(second) ?? {};
      for (const [key, value] of Object.entries(set(sample)) as Array<[keyof Sampled, number | undefined]>) {
        if (value !== undefined && record[key] === undefined) record[key] = value;
      }
      bySecond.set(second, record);
    }
  }
  return [...bySecond.entries()]
    .filter(([, record]) => Object.keys(record).length > 0)
    .sort(([a], [b]) => a - b)
    .map(([second, record]) => ({ timestamp: new Date(second), ...record }));
}
