import type { Bundle, BundleEntry, Device, Observation, Resource } from '@medplum/fhirtypes';
import type { PayloadType } from '../../payloads/payload-types';
import { stableUuid, urn } from './ids';
import { observation, type PayloadContext, payloadPeriod } from './observation';
import { asRecord, at, finite, text } from './read';
import { readingObservations } from './readings';
import { seriesObservation, seriesSpecs } from './series';
import { sleepStageObservations } from './sleep-stages';
import { type ConnectionUser, deviceOf, patientId, patientOf } from './subject';
import { summaryObservations } from './summary';
import { LOINC, SUMMARY_ID, TERRA_ACTIVITY_TYPE, TERRA_MODEL } from './terminology';
import { fhirTime } from './time';

export type { ConnectionUser };

export interface FhirInput {
  type: PayloadType;
  /** Terra payloads of that type, as stored or delivered. */
  payloads: unknown[];
  user: ConnectionUser;
}

const models: Record<PayloadType, string> = {
  activity: 'Activity',
  body: 'Body',
  daily: 'Daily',
  sleep: 'Sleep',
  athlete: 'Athlete',
};

/** Sample arrays Heartbridge writes in FHIR; any other non-empty array is named as left out. */
const carried = new Set([
  ...seriesSpecs.map((s) => s.path),
  'sleep_durations_data.hypnogram_samples',
  'blood_pressure_data.blood_pressure_samples',
  'measurements_data.measurements',
]);

/** Non-empty arrays of objects in the payload (sample arrays, laps, zones…), by dotted path. */
function objectArrays(value: unknown, prefix = '', out: Array<[string, number]> = []) {
  const record = asRecord(value);
  if (!record) return out;
  for (const [key, inner] of Object.entries(record)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(inner)) {
      if (inner.some((item) => asRecord(item))) out.push([path, inner.length]);
    } else objectArrays(inner, path, out);
  }
  return out;
}

/** Two payloads of one Bundle never share a key (and so resource ids): a repeated one gets its index. */
function contextOf(
  type: PayloadType,
  payload: unknown,
  index: number,
  user: ConnectionUser,
  device?: Device,
  seen = new Set<string>(),
) {
  const start = fhirTime(at(payload, 'metadata.start_time'));
  const end = fhirTime(at(payload, 'metadata.end_time'));
  const named = text(at(payload, 'metadata.summary_id')) ?? start?.text ?? `payload-${index}`;
  const key = seen.has(named) ? `${named}#${index}` : named;
  seen.add(key);
  return { type, key, patient: patientId(user), device: device?.id, start, end } satisfies PayloadContext;
}

/** The payload's own Observation: its period and identity, its members, and what FHIR does not carry. */
function payloadObservation(
  type: PayloadType,
  payload: unknown,
  context: PayloadContext,
  members: Observation[],
  notes: string[],
) {
  const summaryId = text(at(payload, 'metadata.summary_id'));
  const activityType = finite(at(payload, 'metadata.type'));
  const name = text(at(payload, 'metadata.name'));
  const exercise = type === 'activity';
  return observation(context, {
    part: 'payload',
    code: {
      coding: [
        ...(exercise ? [{ system: LOINC, code: '73985-4', display: 'Exercise activity' }] : []),
        { system: TERRA_MODEL, code: models[type], display: `Terra ${models[type]} payload` },
      ],
      text: `${models[type]} payload`,
    },
    category: type === 'body' ? 'vital-signs' : 'activity',
    when: payloadPeriod(context),
    value:
      exercise && (activityType !== undefined || name)
        ? {
            valueCodeableConcept: {
              ...(activityType !== undefined
                ? { coding: [{ system: TERRA_ACTIVITY_TYPE, code: String(activityType) }] }
                : {}),
              ...(name ? { text: name } : {}),
            },
          }
        : undefined,
    notes,
    extra: {
      ...(summaryId ? { identifier: [{ system: SUMMARY_ID, value: summaryId }] } : {}),
      ...(members.length ? { hasMember: members.map((m) => ({ reference: urn(m.id ?? '') })) } : {}),
    },
  });
}

function payloadResources(type: PayloadType, payload: unknown, index: number, user: ConnectionUser, seen: Set<string>) {
  const device = deviceOf(payload, patientId(user));
  const context = contextOf(type, payload, index, user, device, seen);
  const members: Observation[] = [...summaryObservations(type, payload, context)];
  const omitted: string[] = [];
  for (const spec of seriesSpecs) {
    const outcome = seriesObservation(spec, payload, context);
    if (outcome && 'observation' in outcome) members.push(outcome.observation);
    else if (outcome) omitted.push(outcome.omitted);
  }
  for (const part of [sleepStageObservations(payload, context), readingObservations(type, payload, context)]) {
    members.push(...part.observations);
    omitted.push(...part.omitted);
  }
  const arrays = objectArrays(payload);
  const leftOut = arrays.filter(([path]) => !carried.has(path)).map(([path, n]) => `${path} (${n})`);
  const notes: string[] = [];
  if (!context.start) notes.push('metadata.start_time is not a time with a UTC offset: the period has no start.');
  if (!arrays.some(([path]) => carried.has(path))) notes.push('This payload carries no samples (summary fields only).');
  if (leftOut.length)
    notes.push(`Not carried in FHIR (see the Terra JSON, or the FIT file of an activity): ${leftOut.join(', ')}.`);
  if (omitted.length) notes.push(`Left out: ${omitted.join('; ')}.`);
  const panel = payloadObservation(type, payload, context, members, notes);
  return { device, observations: [panel, ...members] };
}

/**
 * Terra payloads of one type as one FHIR R4 Bundle of type `collection`: the connection's Patient, the
 * device that recorded them, and per payload an Observation of the payload holding (hasMember) one
 * Observation per summary number, sample series, sleep stage and reading. Pure: same payloads, same Bundle.
 */
export function fhirBundle({ type, payloads, user }: FhirInput): Bundle {
  const athlete = type === 'athlete' ? payloads.find((p) => asRecord(p)) : undefined;
  const resources: Resource[] = [patientOf(user, athlete)];
  const devices = new Map<string, Device>();
  const observations: Observation[] = [];
  if (type !== 'athlete') {
    const seen = new Set<string>();
    for (const [index, payload] of payloads.entries()) {
      const made = payloadResources(type, payload, index, user, seen);
      if (made.device?.id) devices.set(made.device.id, made.device);
      observations.push(...made.observations);
    }
  }
  resources.push(...devices.values(), ...observations);
  const entry: BundleEntry[] = resources.map((resource) => ({ fullUrl: urn(resource.id ?? ''), resource }));
  const keys = observations.filter((o) => o.code.coding?.some((c) => c.system === TERRA_MODEL)).map((o) => o.id);
  return {
    resourceType: 'Bundle',
    id: stableUuid('bundle', user.user_id, type, ...keys.map(String)),
    meta: { tag: [{ system: TERRA_MODEL, code: models[type] }] },
    type: 'collection',
    entry,
  };
}
