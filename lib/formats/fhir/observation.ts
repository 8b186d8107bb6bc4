import type { Annotation, CodeableConcept, Observation, Period } from '@medplum/fhirtypes';
import { stableUuid, urn } from './ids';
import { type Category, categoryConcept } from './terminology';
import type { FhirTime } from './time';

/** What every Observation of one payload shares: who, which device, when, and the seed of its ids. */
export interface PayloadContext {
  type: string;
  /** Names the payload among the user's: its ids derive from it. */
  key: string;
  patient: string;
  device?: string;
  start?: FhirTime;
  end?: FhirTime;
}

export type Effective = { period: { start?: FhirTime; end?: FhirTime } } | { at: FhirTime };

/** The payload's own period; an end before its start is left out rather than written backwards. */
export function payloadPeriod(context: PayloadContext): Effective {
  const { start, end } = context;
  return { period: { start, end: end && (!start || end.ms >= start.ms) ? end : undefined } };
}

function effective(when: Effective): Pick<Observation, 'effectivePeriod' | 'effectiveDateTime'> {
  if ('at' in when) return { effectiveDateTime: when.at.text };
  const period: Period = {};
  if (when.period.start) period.start = when.period.start.text;
  if (when.period.end) period.end = when.period.end.text;
  return Object.keys(period).length ? { effectivePeriod: period } : {};
}

export interface ObservationParts {
  /** Distinguishes this Observation among the payload's (a field path, a series, a stage's start). */
  part: string;
  code: CodeableConcept;
  category?: Category;
  when: Effective;
  value?: Pick<Observation, 'valueQuantity' | 'valueSampledData' | 'valueCodeableConcept' | 'dataAbsentReason'>;
  notes?: string[];
  extra?: Partial<Observation>;
}

export function observationId(context: PayloadContext, part: string): string {
  return stableUuid(context.patient, context.type, context.key, part);
}

export function observation(context: PayloadContext, parts: ObservationParts): Observation {
  const notes: Annotation[] = (parts.notes ?? []).map((text) => ({ text }));
  return {
    resourceType: 'Observation',
    id: observationId(context, parts.part),
    status: 'final',
    ...(parts.category ? { category: [categoryConcept(parts.category)] } : {}),
    code: parts.code,
    subject: { reference: urn(context.patient) },
    ...effective(parts.when),
    ...parts.value,
    ...(notes.length ? { note: notes } : {}),
    ...(context.device ? { device: { reference: urn(context.device) } } : {}),
    ...parts.extra,
  };
}
