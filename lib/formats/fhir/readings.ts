import type { Observation } from '@medplum/fhirtypes';
import type { PayloadType } from '../../payloads/payload-types';
import { fieldReference } from '../../payloads/fields/field-reference';
import { observation, type PayloadContext } from './observation';
import { asRecord, at, finite, list } from './read';
import { fieldConcept, LOINC, quantity } from './terminology';
import { fhirTime } from './time';

/**
 * Spot readings rather than a recording: each blood pressure sample is one panel (85354-9) with systolic
 * and diastolic components, each body measurement one Observation per number it holds, at its own time.
 */
export function readingObservations(type: PayloadType, payload: unknown, context: PayloadContext) {
  const out: Observation[] = [];
  const omitted: string[] = [];
  const pressures = list(at(payload, 'blood_pressure_data.blood_pressure_samples'));
  let untimed = 0;
  for (const [i, item] of pressures.entries()) {
    const sample = asRecord(item);
    const time = fhirTime(sample?.timestamp);
    const components = (['systolic_bp', 'diastolic_bp'] as const).flatMap((key) => {
      const value = finite(sample?.[key]);
      const path = `blood_pressure_data.blood_pressure_samples[].${key}`;
      const label = key === 'systolic_bp' ? 'Systolic blood pressure' : 'Diastolic blood pressure';
      return value === undefined
        ? []
        : [{ code: fieldConcept(type, path, label), valueQuantity: quantity(path, 'mmHg', value) }];
    });
    if (!time || !components.length) {
      untimed++;
      continue;
    }
    out.push(
      observation(context, {
        part: `blood_pressure_data.blood_pressure_samples[${i}]`,
        code: {
          coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel with all children optional' }],
          text: 'Blood pressure',
        },
        category: 'vital-signs',
        when: { at: time },
        extra: { component: components },
      }),
    );
  }
  if (untimed) omitted.push(`blood_pressure_data.blood_pressure_samples (${untimed} without a time or a value)`);

  const fields = fieldReference(type).filter(
    (f) => f.path.startsWith('measurements_data.measurements[].') && (f.type === 'number' || f.type === 'integer'),
  );
  const measurements = list(at(payload, 'measurements_data.measurements'));
  untimed = 0;
  for (const [i, item] of measurements.entries()) {
    const measurement = asRecord(item);
    const time = fhirTime(measurement?.measurement_time);
    if (!time) {
      untimed++;
      continue;
    }
    for (const field of fields) {
      const key = field.path.slice('measurements_data.measurements[].'.length);
      const value = finite(measurement?.[key]);
      if (value === undefined) continue;
      const label = field.description?.split(/(?<=\.)\s/)[0]?.replace(/\.$/, '') ?? key;
      out.push(
        observation(context, {
          part: `measurements_data.measurements[${i}].${key}`,
          code: fieldConcept(type, field.path, label),
          category: 'vital-signs',
          when: { at: time },
          value: { valueQuantity: quantity(field.path, field.unit, value) },
        }),
      );
    }
  }
  if (untimed) omitted.push(`measurements_data.measurements (${untimed} without a valid measurement_time)`);
  return { observations: out, omitted };
}
