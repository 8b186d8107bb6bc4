import type { ActivityRecord, HrvRecord, RrIntervalRecord, SleepRecord, TemperatureRecord } from '../raw/metrics';
import type { UserSummary } from '../raw/summary';

/** Everything CardioMood sent about one user's local day: the normalizers' only input. */
export interface DayRaw {
  /** The local calendar day, `YYYY-MM-DD`. */
  date: string;
  /** The user's UTC offset that day, in minutes (from the raw records' `date` strings or the connection). */
  utcOffsetMinutes: number;
  summary?: UserSummary | null;
  activity: ActivityRecord[];
  sleep: SleepRecord[];
  rr: RrIntervalRecord[];
  temperature: TemperatureRecord[];
  hrv: HrvRecord[];
}

/** A payload and the samples dropped on the way, by measure (see ../plausibility.ts). */
export interface Normalized<T> {
  payload: T;
  dropped: Record<string, number>;
}
