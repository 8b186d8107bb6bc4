import type { Observation } from '@medplum/fhirtypes';
import type { PayloadType } from '../../payloads/payload-types';
import { type FieldRow, fieldReference } from '../../payloads/fields/field-reference';
import { observation, type PayloadContext, payloadPeriod } from './observation';
import { at, finite } from './read';
import { absent, categoryOf, fieldConcept, quantity } from './terminology';

/** Numbers that say how a payload was made, not what was measured. */
const notMeasured = /^(metadata|device_data)\.|^cheat_detection$/;

/** Every plain number of the type's Terra model (arrays and their items excluded), in the schema's order. */
export function summaryFields(type: PayloadType): FieldRow[] {
  return fieldReference(type).filter(
    (f) => (f.type === 'number' || f.type === 'integer') && !f.path.includes('[]') && !notMeasured.test(f.path),
  );
}

/** A field's label: its description's first sentence, or its path. */
export function fieldLabel(field: FieldRow): string {
  const sentence = field.description
    ?.split(/(?<=\.)\s/)[0]
    ?.replace(/\.$/, '')
    .trim();
  return sentence && sentence.length <= 120 ? sentence : field.path;
}

/**
 * Fields an empty value of which is worth saying (a data-absent reason) rather than leaving out: what a
 * reader of that payload type looks for first.
 */
const headline: Record<string, string[]> = {
  daily: [
    'distance_data.steps',
    'calories_data.total_burned_calories',
    'heart_rate_data.summary.avg_hr_bpm',
    'heart_rate_data.summary.resting_hr_bpm',
  ],
  sleep: ['sleep_durations_data.asleep.duration_asleep_state_seconds', 'heart_rate_data.summary.avg_hr_bpm'],
  activity: [
    'active_durations_data.activity_seconds',
    'calories_data.total_burned_calories',
    'heart_rate_data.summary.avg_hr_bpm',
  ],
  body: ['heart_data.heart_rate_data.summary.resting_hr_bpm', 'temperature_data.day_avg_body_temperature_celsius'],
};

/** One Observation per summary number the payload holds (valued over the payload's period). */
export function summaryObservations(type: PayloadType, payload: unknown, context: PayloadContext): Observation[] {
  const out: Observation[] = [];
  for (const field of summaryFields(type)) {
    const raw = at(payload, field.path);
    const value = finite(raw);
    const wanted = headline[type]?.includes(field.path);
    if (value === undefined && !wanted) continue;
    const label = fieldLabel(field);
    const why =
      raw === undefined || raw === null
        ? `${field.path} is empty in this payload.`
        : `${field.path} holds no finite number in this payload.`;
    out.push(
      observation(context, {
        part: field.path,
        code: fieldConcept(type, field.path, label),
        category: categoryOf(field.path),
        when: payloadPeriod(context),
        value:
          value === undefined
            ? { dataAbsentReason: absent('unknown', why) }
            : { valueQuantity: quantity(field.path, field.unit, value === 0 ? 0 : value) },
      }),
    );
  }
  return out;
}
