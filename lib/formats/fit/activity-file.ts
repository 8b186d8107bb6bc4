import { Encoder, type LapMesg, Profile, type SessionMesg, Utils } from '@garmin/fitsdk';
import { Invalid } from '../../errors';
import { asRecord, at, finite, list, text } from '../fhir/read';
import { fhirTime } from '../fhir/time';
import { fields, fitStored, uint8, uint16 } from './fields';
import { activityRecords } from './records';
import { fitSport } from './sports';

/** FIT's DateTime counts seconds from 1989-12-31T00:00:00Z; nothing earlier can be written. */
const fitEpochMs = Utils.FIT_EPOCH_MS;

/** The messages written (the profile's table is typed by any name). */
const mesgNum = Profile.MesgNum as Record<
  'FILE_ID' | 'DEVICE_INFO' | 'EVENT' | 'RECORD' | 'LAP' | 'SESSION' | 'ACTIVITY',
  number
>;

const whole = (ms: number) => new Date(Math.round(ms / 1000) * 1000);
const num = (payload: unknown, path: string) => finite(at(payload, path));

/** Totals a lap or session takes from Terra fields, each left out when absent or out of FIT's range. */
function totals(source: unknown, paths: Record<string, string>) {
  const value = (key: string) => (paths[key] ? num(source, paths[key]) : undefined);
  return {
    totalDistance: fitStored(value('distance'), fields.distance),
    totalCalories: fitStored(value('calories'), fields.calories),
    avgHeartRate: fitStored(value('avgHr'), uint8),
    maxHeartRate: fitStored(value('maxHr'), uint8),
    minHeartRate: fitStored(value('minHr'), uint8),
    avgSpeed: fitStored(value('avgSpeed'), fields.speed),
    maxSpeed: fitStored(value('maxSpeed'), fields.speed),
    enhancedAvgSpeed: fitStored(value('avgSpeed'), fields.enhancedSpeed),
    enhancedMaxSpeed: fitStored(value('maxSpeed'), fields.enhancedSpeed),
    avgCadence: fitStored(value('avgCadence'), uint8),
    maxCadence: fitStored(value('maxCadence'), uint8),
    avgPower: fitStored(value('avgPower'), uint16),
    maxPower: fitStored(value('maxPower'), uint16),
    totalAscent: fitStored(value('ascent'), fields.ascent),
    totalDescent: fitStored(value('descent'), fields.ascent),
  };
}

const sessionPaths = {
  distance: 'distance_data.summary.distance_meters',
  calories: 'calories_data.total_burned_calories',
  avgHr: 'heart_rate_data.summary.avg_hr_bpm',
  maxHr: 'heart_rate_data.summary.max_hr_bpm',
  minHr: 'heart_rate_data.summary.min_hr_bpm',
  avgSpeed: 'movement_data.avg_speed_meters_per_second',
  maxSpeed: 'movement_data.max_speed_meters_per_second',
  avgCadence: 'movement_data.avg_cadence_rpm',
  maxCadence: 'movement_data.max_cadence_rpm',
  avgPower: 'power_data.avg_watts',
  maxPower: 'power_data.max_watts',
  ascent: 'distance_data.summary.elevation.gain_actual_meters',
  descent: 'distance_data.summary.elevation.loss_actual_meters',
};
const lapPaths = {
  distance: 'distance_meters',
  calories: 'calories',
  avgHr: 'avg_hr_bpm',
  avgSpeed: 'avg_speed_meters_per_second',
  avgPower: 'avg_watts',
};

/** Drops the fields left undefined: the encoder would otherwise write them as FIT's invalid values. */
function defined<T extends object>(message: T): T {
  return Object.fromEntries(Object.entries(message).filter(([, v]) => v !== undefined)) as T;
}

/** Terra's laps, those with a valid start and end inside FIT's time range; else one lap as long as the session. */
function laps(payload: unknown, session: { start: Date; end: Date; elapsed: number; timer: number }): LapMesg[] {
  const terraLaps = list(at(payload, 'lap_data.laps')).flatMap((item) => {
    const lap = asRecord(item);
    const start = fhirTime(lap?.start_time);
    const end = fhirTime(lap?.end_time);
    if (!lap || !start || !end || end.ms < start.ms || start.ms < fitEpochMs) return [];
    const elapsed = fitStored(Math.round(end.ms / 1000) - Math.round(start.ms / 1000), fields.time);
    return [
      defined<LapMesg>({
        startTime: whole(start.ms),
        timestamp: whole(end.ms),
        totalElapsedTime: elapsed,
        totalTimerTime: fitStored(finite(lap.active_duration_seconds), fields.time) ?? elapsed,
        ...totals(lap, lapPaths),
        event: 'lap',
        eventType: 'stop',
        lapTrigger: 'manual',
      }),
    ];
  });
  if (terraLaps.length) return terraLaps;
  return [
    defined<LapMesg>({
      startTime: session.start,
      timestamp: session.end,
      totalElapsedTime: session.elapsed,
      totalTimerTime: session.timer,
      ...totals(payload, sessionPaths),
      event: 'lap',
      eventType: 'stop',
      lapTrigger: 'sessionEnd',
    }),
  ];
}

/** The local offset of a Terra time, in seconds (FIT's activity local_timestamp). */
function offsetSeconds(value: unknown): number {
  const zone = typeof value === 'string' ? /([+-])(\d{2}):(\d{2})$/.exec(value) : null;
  if (!zone) return 0;
  return (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 3600 + Number(zone[3]) * 60);
}

/**
 * A Terra Activity as a FIT activity file: file_id, device_info (the armband), a timer start event,
 * one record per sampled second (heart rate, distance, speed, altitude, cadence, power, position where
 * present), a timer stop event, laps (Terra's, or one for the whole session), the session with the
 * payload's totals, and the activity. Fields the payload lacks are left out. Pure: same payload, same bytes.
 */
export function activityFitFile(payload: unknown): Uint8Array {
  const startTime = fhirTime(at(payload, 'metadata.start_time'));
  const endTime = fhirTime(at(payload, 'metadata.end_time'));
  if (!startTime || !endTime || endTime.ms < startTime.ms || startTime.ms < fitEpochMs)
    throw Invalid('This activity has no valid start and end time (after 1989-12-31) to write as a FIT file.');
  const start = whole(startTime.ms);
  const end = whole(endTime.ms);
  const elapsed = fitStored((end.getTime() - start.getTime()) / 1000, fields.time) ?? 0;
  const timer = fitStored(num(payload, 'active_durations_data.activity_seconds'), fields.time) ?? elapsed;
  const { sport, subSport } = fitSport(at(payload, 'metadata.type'));
  const device = asRecord(at(payload, 'device_data'));
  const encoder = new Encoder();
  const write = (mesgNum: number, message: object) => encoder.onMesg(mesgNum, defined(message));

  write(mesgNum.FILE_ID, { type: 'activity', manufacturer: 'development', product: 0, timeCreated: end });
  write(mesgNum.DEVICE_INFO, {
    timestamp: start,
    deviceIndex: 'creator',
    manufacturer: 'development',
    product: 0,
    productName: text(device?.name)?.slice(0, 50),
    descriptor: text(device?.manufacturer)?.slice(0, 50),
  });
  write(mesgNum.EVENT, { timestamp: start, event: 'timer', eventType: 'start', timerTrigger: 'manual' });
  for (const record of activityRecords(payload)) {
    if (record.timestamp.getTime() >= fitEpochMs) write(mesgNum.RECORD, record);
  }
  write(mesgNum.EVENT, { timestamp: end, event: 'timer', eventType: 'stopAll', timerTrigger: 'manual' });
  const lapMessages = laps(payload, { start, end, elapsed, timer });
  for (const lap of lapMessages) write(mesgNum.LAP, lap);
  const session: SessionMesg = {
    timestamp: end,
    startTime: start,
    totalElapsedTime: elapsed,
    totalTimerTime: timer,
    sport,
    subSport,
    ...totals(payload, sessionPaths),
    firstLapIndex: 0,
    numLaps: lapMessages.length,
    event: 'session',
    eventType: 'stop',
    trigger: 'activityEnd',
  };
  write(mesgNum.SESSION, session);
  write(mesgNum.ACTIVITY, {
    timestamp: end,
    totalTimerTime: timer,
    numSessions: 1,
    type: 'manual',
    event: 'activity',
    eventType: 'stop',
    localTimestamp: Math.round((end.getTime() - fitEpochMs) / 1000) + offsetSeconds(at(payload, 'metadata.end_time')),
  });
  return encoder.close();
}
