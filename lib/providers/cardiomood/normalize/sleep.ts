import type {
  BreathSample,
  HeartRateDataSample,
  HeartRateVariabilityDataSampleRMSSD,
  HeartRateVariabilityDataSampleSDNN,
  OxygenSaturationSample,
  Sleep,
} from '@/lib/models/terra';
import { NIGHT_STARTS_AT_LOCAL_HOUR, SLEEP_RECORD_SECONDS, SUMMARY_SLOT_SECONDS } from '../assumptions';
import type { Measure } from '../plausibility';
import type { RrIntervalRecord, SleepRecord } from '../raw/metrics';
import type { UserSummary } from '../raw/summary';
import { cardiomoodDevice } from './device';
import { good, worn } from './quality';
import type { DayRaw, Normalized } from './day-input';
import { DropCounter, max, mean, min, type Point, points, round, samples } from './series';
import {
  hypnogram,
  type Run,
  runDurations,
  type StageDurations,
  stageRuns,
  summaryBounds,
  summaryDurations,
} from './sleep-stages';
import { DAY_MS, epochMs, isoLocal, localDay } from './time';

interface Interval {
  start: number;
  end: number;
}
interface Night {
  runs: Run[];
  durations: StageDurations;
  /** Epoch ms; null when only minute totals are known. */
  session: Interval | null;
}
type Stamped = { timestamp: number };

/** RR differences are pooled in 5-minute windows, the usual short-term HRV length. Candidate for assumptions.ts. */
const RR_WINDOW_MS = 5 * 60_000;
/** Two RR records are successive beats only when the later follows within this (longest plausible RR + slack). */
const RR_MAX_PAIR_GAP_MS = 2_500;
/** A window's RMSSD is reported from this many successive differences up (about half a minute of beats). */
const RR_MIN_DIFFERENCES = 30;

const HOUR_MS = 3_600_000;
const contains = (interval: Interval | null, at: number) => !!interval && at >= interval.start && at < interval.end;

/** The night of local day `date`: 12:00 the day before to 12:00 on the day, local time (epoch ms). */
export function nightWindow(date: string, offsetMinutes: number): Interval {
  const start = localDay(date, offsetMinutes).start - (24 - NIGHT_STARTS_AT_LOCAL_HOUR) * HOUR_MS;
  return { start, end: start + DAY_MS };
}

/** The night ending on a user's local day → Terra Sleep; null when nothing is known about it. Pure. */
export function normalizeSleep(day: DayRaw): Normalized<Sleep> | null {
  const drops = new DropCounter();
  const offset = day.utcOffsetMinutes;
  const window = nightWindow(day.date, offset);
  const summary = day.summary;
  const bounds = summaryBounds(summary?.sleep);
  const records = inWindow(day.sleep, window, drops);
  const night = records.length ? recordedNight(records) : summaryNight(summary?.sleep, bounds ?? null, window);
  if (!night) return null;

  const { session, durations: d } = night;
  const read = <R extends Stamped>(
    from: readonly R[] | null | undefined,
    value: (record: R) => number | null | undefined,
    measure: Measure,
  ) => points(during(from, session), value, measure, session ?? window, drops);
  const activity = inWindow(day.activity, window, drops).filter(worn);
  const hrv = inWindow(day.hrv, window, drops);
  const rr = inWindow(day.rr, window, drops);
  const stress = summary?.stress?.slots;

  const heartRate = firstOf(
    () =>
      read(
        activity.filter((r) => good(r.bpm_q ?? r.q)),
        (r) => r.bpm,
        'heartRateBpm',
      ),
    () =>
      read(
        summary?.heart_rate?.slots?.filter((s) => good(s.bpm_q)),
        (s) => s.bpm,
        'heartRateBpm',
      ),
  );
  const rmssd = firstOf(
    () => read(hrv, (r) => r.rmssd, 'hrvMs'),
    () => rrRmssd(during(rr, session), drops),
    () => read(stress, (s) => s.rmssd, 'hrvMs'),
  );
  const sdnn = firstOf(
    () => read(hrv, (r) => r.sdnn, 'hrvMs'),
    () => read(stress, (s) => s.sdnn, 'hrvMs'),
  );
  const breaths = firstOf(
    () =>
      read(
        activity.filter((r) => good(r.resp_q)),
        (r) => r.respiration_rate,
        'respirationBrpm',
      ),
    () =>
      read(
        summary?.respiration_rate?.slots?.filter((s) => good(s.quality)),
        (s) => s.rate,
        'respirationBrpm',
      ),
  );
  const spo2 = firstOf(
    () =>
      read(
        activity.filter((r) => good(r.spo2_q)),
        (r) => r.spo2,
        'spo2Percent',
      ),
    () =>
      read(
        summary?.spo2?.slots?.filter((s) => good(s.quality)),
        (s) => s.value,
        'spo2Percent',
      ),
  );

  const iso = (at: number) => isoLocal(at, offset);
  const span = session ?? window;
  const recording = { start_time: session && iso(session.start), end_time: session && iso(session.end) };
  const payload: Sleep = {
    metadata: {
      start_time: iso(span.start),
      end_time: iso(span.end),
      upload_type: 2, // SleepUploadType Automatic: the armband detects sleep (1 is Manual in this enum)
      timestamp_localization: 1,
      summary_id: `cardiomood-sleep-${day.date}`, // one night per day: stable as the night's data fills in
      is_nap: false,
    },
    device_data: cardiomoodDevice,
    sleep_durations_data: {
      asleep: {
        duration_asleep_state_seconds: d.asleep,
        duration_light_sleep_state_seconds: d.light,
        duration_deep_sleep_state_seconds: d.deep,
        duration_REM_sleep_state_seconds: d.rem,
        num_REM_events: d.remEvents,
      },
      awake: {
        duration_awake_state_seconds: d.awake,
        num_wakeup_events: d.wakeUps,
        sleep_latency_seconds: d.sleepLatency,
        wake_up_latency_seconds: d.wakeUpLatency,
      },
      other: { duration_in_bed_seconds: d.inBed, duration_unmeasurable_sleep_seconds: d.unmeasurable },
      hypnogram_samples: hypnogram(night.runs, offset),
      // Terra's schema: a percentage, 0–100.
      sleep_efficiency: d.asleep !== null && d.inBed > 0 ? round((100 * d.asleep) / d.inBed, 1) : null,
    },
    heart_rate_data: {
      summary: {
        avg_hr_bpm: mean(heartRate),
        max_hr_bpm: max(heartRate),
        min_hr_bpm: min(heartRate),
        avg_hrv_rmssd: mean(rmssd),
        avg_hrv_sdnn: mean(sdnn),
      },
      detailed: {
        hr_samples: samples<HeartRateDataSample>(heartRate, offset, (p, timestamp) => ({ timestamp, bpm: p.value })),
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
    respiration_data: {
      breaths_data: {
        ...recording,
        avg_breaths_per_min: mean(breaths),
        max_breaths_per_min: max(breaths),
        min_breaths_per_min: min(breaths),
        on_demand_reading: false,
        samples: samples<BreathSample>(breaths, offset, (p, timestamp) => ({ timestamp, breaths_per_min: p.value })),
      },
      oxygen_saturation_data: {
        ...recording,
        avg_saturation_percentage: mean(spo2),
        samples: samples<OxygenSaturationSample>(spo2, offset, (p, timestamp) => ({
          timestamp,
          percentage: p.value,
          type: 0,
        })),
      },
    },
    // Terra's delta is skin temperature against the user's baseline, which spans past nights: one day's
    // raw data holds no baseline, so it stays null rather than a made-up reference.
    temperature_data: { delta: null },
  };
  return { payload, dropped: drops.dropped };
}

/** The night from raw sleep records: stages, and the session from the first record to the end of the last. */
function recordedNight(records: readonly SleepRecord[]): Night {
  const runs = stageRuns(
    records.map((r) => ({ at: epochMs(r.timestamp), code: r.sleep_state })),
    SLEEP_RECORD_SECONDS,
  );
  const durations = runDurations(runs);
  const start = (runs[0]?.start ?? 0) * 1000;
  return { runs, durations, session: { start, end: start + durations.inBed * 1000 } };
}

/**
 * The night from the summary alone: durations from its minute totals, the hypnogram from its slots,
 * the session from start/stop_session or else the slots. Null when the section says nothing.
 */
function summaryNight(section: UserSummary['sleep'], bounds: Interval | null, window: Interval): Night | null {
  if (!section) return null;
  const slots = (section.slots ?? []).flatMap((s) =>
    s.sleep_state === null || s.sleep_state === undefined ? [] : [{ at: epochMs(s.timestamp), code: s.sleep_state }],
  );
  const runs = stageRuns(
    slots.filter((s) => contains(bounds ?? window, s.at)),
    SUMMARY_SLOT_SECONDS,
  );
  const [first, last] = [runs[0], runs.at(-1)];
  const session =
    bounds ?? (first && last ? { start: first.start * 1000, end: (last.start + last.seconds) * 1000 } : null);
  const durations = summaryDurations(section, session && Math.round((session.end - session.start) / 1000));
  return session || durations.inBed > 0 ? { runs, durations, session } : null;
}

/** Raw records inside the night window; the others are counted as outside the interval. */
function inWindow<R extends Stamped>(records: readonly R[], window: Interval, drops: DropCounter): R[] {
  return records.filter((r) => {
    const inside = contains(window, epochMs(r.timestamp));
    if (!inside) drops.count('outside_interval');
    return inside;
  });
}

/** Records inside the sleep session: the window's daytime records are simply not about sleep. */
function during<R extends Stamped>(records: readonly R[] | null | undefined, session: Interval | null): R[] {
  return (records ?? []).filter((r) => contains(session, epochMs(r.timestamp)));
}

/** The first source with any point, tried in order so that unused sources count no drops. */
function firstOf(...sources: Array<() => Point[]>): Point[] {
  for (const source of sources) {
    const found = source();
    if (found.length) return found;
  }
  return [];
}

/**
 * RMSSD (ms) per 5-minute window from raw RR intervals, when there are no HRV records: the root mean
 * square of differences between successive plausible beats; an implausible or missing beat breaks the chain.
 */
function rrRmssd(records: readonly RrIntervalRecord[], drops: DropCounter): Point[] {
  const beats = records.map((r) => ({ at: epochMs(r.timestamp), rr: r.rr })).sort((a, b) => a.at - b.at || a.rr - b.rr);
  const windows = new Map<number, { at: number; squares: number[] }>();
  let previous: { at: number; rr: number } | null = null;
  for (const beat of beats) {
    const rr = drops.keep('rrIntervalMs', beat.rr);
    if (rr !== null && previous && beat.at - previous.at <= RR_MAX_PAIR_GAP_MS) {
      const key = Math.floor(beat.at / RR_WINDOW_MS);
      const window = windows.get(key) ?? { at: beat.at, squares: [] };
      window.squares.push((rr - previous.rr) ** 2);
      windows.set(key, window);
    }
    previous = rr === null ? null : { at: beat.at, rr };
  }
  return [...windows.values()].flatMap(({ at, squares }) => {
    if (squares.length < RR_MIN_DIFFERENCES) return [];
    const value = drops.keep('hrvMs', round(Math.sqrt(squares.reduce((a, b) => a + b, 0) / squares.length), 1));
    return value === null ? [] : [{ at, value }];
  });
}
