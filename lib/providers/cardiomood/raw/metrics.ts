import { RawDataError } from './errors';

// Raw metric records, one array per `GET /v2/raw-metrics/{metric}` answer. Field names from the SDK
// and app models (see ../assumptions.ts); both the snake_case and camelCase spellings are accepted.
// A night holds tens of thousands of records, so they are checked by a field table, not by zod.

type Num = number | null | undefined;
interface Stamped {
  timestamp: number;
  date?: string | null;
  [unknown: string]: unknown;
}

export interface ActivityRecord extends Stamped {
  bpm?: Num;
  bpm_q?: Num;
  q?: Num;
  last_steps?: Num;
  activity_type?: Num;
  speed?: Num;
  spo2?: Num;
  spo2_q?: Num;
  energy_exp?: Num;
  respiration_rate?: Num;
  resp_q?: Num;
  wearing?: Num;
  battery?: Num;
}
export interface SleepRecord extends Stamped {
  sleep_state: number;
  quality?: Num;
}
export interface RrIntervalRecord extends Stamped {
  rr: number;
}
export interface TemperatureRecord extends Stamped {
  temp1?: Num;
  temp2?: Num;
  temp_amb?: Num;
}
export interface HrvRecord extends Stamped {
  rmssd?: Num;
  sdnn?: Num;
  pnn50?: Num;
  si?: Num;
  mrr?: Num;
}

interface FieldTable {
  /** Numbers every record must have (besides the integer `timestamp`). */
  required: string[];
  /** Numbers a record may have, or leave null. */
  optional: string[];
  /** Other spellings, renamed when only they are present. */
  aliases: Record<string, string>;
}

export const rawMetricFields = {
  activity: {
    required: [],
    optional: [
      'bpm',
      'bpm_q',
      'q',
      'last_steps',
      'activity_type',
      'speed',
      'spo2',
      'spo2_q',
      'energy_exp',
      'respiration_rate',
      'resp_q',
      'wearing',
      'battery',
    ],
    aliases: { spo2Q: 'spo2_q', bpmQ: 'bpm_q' },
  },
  sleep: { required: ['sleep_state'], optional: ['quality'], aliases: { sleepState: 'sleep_state' } },
  'rr-interval': { required: ['rr'], optional: [], aliases: { beats: 'rr' } },
  temperature: { required: [], optional: ['temp1', 'temp2', 'temp_amb'], aliases: { tempAmb: 'temp_amb' } },
  'heart-rate-variability': { required: [], optional: ['rmssd', 'sdnn', 'pnn50', 'si', 'mrr'], aliases: {} },
} as const satisfies Record<string, FieldTable>;

export type RawMetric = keyof typeof rawMetricFields;
export interface RawRecords {
  activity: ActivityRecord;
  sleep: SleepRecord;
  'rr-interval': RrIntervalRecord;
  temperature: TemperatureRecord;
  'heart-rate-variability': HrvRecord;
}
export type RawRecord<M extends RawMetric> = RawRecords[M];

/** Checks one record against its table; unknown fields are kept. Throws RawDataError naming the field. */
export function checkRecord<M extends RawMetric>(metric: M, value: unknown, index: number): RawRecord<M> {
  const source = `raw-metrics/${metric}`;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new RawDataError(source, index, '(record)', 'is not an object');
  }
  const table: FieldTable = rawMetricFields[metric];
  let record = value as Record<string, unknown>;
  for (const alias in table.aliases) {
    const name = table.aliases[alias] as string;
    if (record[name] === undefined && record[alias] !== undefined) record = { ...record, [name]: record[alias] };
  }
  if (!Number.isInteger(record.timestamp)) throw new RawDataError(source, index, 'timestamp', 'is not an integer');
  if (record.date !== undefined && record.date !== null && typeof record.date !== 'string') {
    throw new RawDataError(source, index, 'date', 'is not a string');
  }
  for (const field of table.required) {
    if (typeof record[field] !== 'number') throw new RawDataError(source, index, field, 'is missing or not a number');
  }
  for (const field of table.optional) {
    const v = record[field];
    if (v !== undefined && v !== null && typeof v !== 'number')
      throw new RawDataError(source, index, field, 'is not a number');
  }
  return record as RawRecord<M>;
}
