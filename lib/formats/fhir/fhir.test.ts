import fs from 'node:fs';
import type { Bundle, Observation } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { examplePayload } from '../../payloads/example-payloads';
import { fhirProblems } from '../../testing/fhir-validator';
import { payloadArbitrary } from '../../testing/payload-arbitraries';
import { fhirBundle } from './bundle';
import { at, finite } from './read';
import { decimalText, seriesSpecs } from './series';
import { summaryFields } from './summary';
import { loincCodings, TERRA_FIELD, TERRA_MODEL } from './terminology';
import { fhirTime } from './time';

const user = { user_id: '6f1e0d6e-9b0a-4c55-8f5e-2f3c1a9b7d10', reference_id: 'alice' };
const types = ['daily', 'sleep', 'activity', 'body'] as const;
/** Generated payloads per type; FHIR_RUNS raises it. */
const runs = Number(process.env.FHIR_RUNS ?? 60);

const observations = (bundle: Bundle) =>
  (bundle.entry ?? []).flatMap((e) => (e.resource?.resourceType === 'Observation' ? [e.resource] : []));
const hasField = (o: Observation, path: string) =>
  o.code.coding?.some((c) => c.system === TERRA_FIELD && c.code === path);
const byTerraField = (bundle: Bundle, path: string) => observations(bundle).find((o) => hasField(o, path));
/** The Observations of the bundle's `index`th payload: the members of its payload Observation. */
function membersOf(bundle: Bundle, index: number): Observation[] {
  const all = observations(bundle);
  const panel = all.filter((o) => o.code.coding?.some((c) => c.system === TERRA_MODEL))[index];
  const refs = new Set(panel?.hasMember?.map((m) => m.reference));
  return all.filter((o) => refs.has(`urn:uuid:${o.id}`));
}

/** The value each payload time holds in a series Observation, read back from its SampledData grid. */
function sampledValues(o: Observation): Map<number, string> {
  const data = o.valueSampledData;
  const start = fhirTime(o.effectivePeriod?.start ?? o.effectiveDateTime);
  const values = new Map<number, string>();
  if (!start) return values;
  if (!data) {
    const value = o.valueQuantity?.value;
    // One sample is a plain value at its time, or a data-absent reason when it has none.
    values.set(Math.round(start.ms / 1000) * 1000, value === undefined ? 'E' : decimalText(value));
    return values;
  }
  for (const [i, text] of (data.data ?? '').split(' ').entries()) values.set(start.ms + i * data.period, text);
  return values;
}

/** Every summary number and every sample of the payload is in the Bundle with its value. */
function expectValuesCarried(type: (typeof types)[number], payload: unknown, bundle: Bundle, index: number) {
  const members = membersOf(bundle, index);
  const find = (path: string) => members.find((o) => hasField(o, path));
  for (const field of summaryFields(type)) {
    const value = finite(at(payload, field.path));
    if (value !== undefined) expect(find(field.path)?.valueQuantity?.value, field.path).toBe(value === 0 ? 0 : value);
  }
  for (const spec of seriesSpecs) {
    const samples = at(payload, spec.path);
    if (!Array.isArray(samples) || !samples.length) continue;
    const o = find(`${spec.path}[].${spec.key}`);
    if (!o) continue; // named as left out in the payload's note (checked by the table tests)
    const grid = sampledValues(o);
    const seen = new Set<number>();
    const timed = samples
      .map((s) => ({ time: fhirTime(s?.timestamp), sample: s }))
      .filter((s) => s.time && (!spec.keep || spec.keep(s.sample)))
      .sort((a, b) => (a.time?.ms ?? 0) - (b.time?.ms ?? 0));
    for (const { time, sample } of timed) {
      const ms = Math.round((time?.ms ?? 0) / 1000) * 1000;
      if (seen.has(ms)) continue;
      seen.add(ms);
      const value = finite(sample[spec.key]);
      expect(grid.get(ms), `${spec.path} at ${sample.timestamp}`).toBe(value === undefined ? 'E' : decimalText(value));
    }
  }
}

describe('FHIR R4 Bundles of Terra payloads', () => {
  it.each(types)('the example %s day passes @medplum/core and the FHIR JSON Schema, values carried', (type) => {
    const payloads = examplePayload(type).dayPayloads;
    const bundle = fhirBundle({ type, payloads, user });
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(fhirProblems(bundle)).toEqual([]);
    for (const [i, payload] of payloads.entries()) expectValuesCarried(type, payload, bundle, i);
    expect(fhirBundle({ type, payloads, user })).toEqual(bundle);
  });

  it('the athlete becomes the Patient, identified by the user_id', () => {
    const bundle = fhirBundle({ type: 'athlete', payloads: [examplePayload('athlete').payload], user });
    expect(fhirProblems(bundle)).toEqual([]);
    expect(bundle.entry?.[0]?.resource).toMatchObject({
      resourceType: 'Patient',
      identifier: [
        { system: 'urn:heartbridge:user-id', value: user.user_id },
        { system: 'urn:heartbridge:reference-id', value: 'alice' },
      ],
    });
  });

  it.each(types)(
    'every resource made from generated %s payloads validates, and carries their values',
    (type) => {
      let validated = 0;
      fc.assert(
        fc.property(fc.array(payloadArbitrary(type), { minLength: 1, maxLength: 3 }), (payloads) => {
          const bundle = fhirBundle({ type, payloads, user });
          expect(fhirProblems(bundle)).toEqual([]);
          for (const [i, payload] of payloads.entries()) expectValuesCarried(type, payload, bundle, i);
          validated += payloads.length;
        }),
        { numRuns: runs },
      );
      console.info(`FHIR: ${validated} generated ${type} payloads, every resource valid`);
    },
    120_000,
  );
});

describe('what a Bundle says it left out', () => {
  const daily = examplePayload('daily').payload as Record<string, unknown>;
  const panel = (bundle: Bundle) => observations(bundle).find((o) => o.code.text?.endsWith('payload'));

  it('a payload without samples says so, and a missing headline number gets a data-absent reason', () => {
    const bundle = fhirBundle({
      type: 'daily',
      payloads: [{ metadata: (daily as { metadata: unknown }).metadata }],
      user,
    });
    expect(fhirProblems(bundle)).toEqual([]);
    expect(panel(bundle)?.note?.map((n) => n.text)).toContain('This payload carries no samples (summary fields only).');
    expect(byTerraField(bundle, 'distance_data.steps')).toMatchObject({
      dataAbsentReason: { coding: [{ code: 'unknown' }], text: 'distance_data.steps is empty in this payload.' },
    });
    expect(byTerraField(bundle, 'distance_data.steps')?.valueQuantity).toBeUndefined();
  });

  it('gaps are E on the grid, with a note; arrays FHIR does not carry are named', () => {
    const t = (minute: number) => `2024-03-10T08:${String(minute).padStart(2, '0')}:00.000000+01:00`;
    const payload = {
      metadata: { start_time: t(0), end_time: t(59), type: 8, summary_id: 'run-1', upload_type: 1 },
      heart_rate_data: {
        detailed: {
          hr_samples: [
            { timestamp: t(0), bpm: 120 },
            { timestamp: t(3), bpm: 150 },
            { timestamp: 'x', bpm: 1 },
          ],
        },
      },
      position_data: { position_samples: [{ timestamp: t(0), coords_lat_lng_deg: [51.5, -0.1] }] },
    };
    const bundle = fhirBundle({ type: 'activity', payloads: [payload], user });
    expect(fhirProblems(bundle)).toEqual([]);
    const hr = byTerraField(bundle, 'heart_rate_data.detailed.hr_samples[].bpm');
    expect(hr?.valueSampledData).toMatchObject({ period: 180_000, data: '120 150' });
    const spaced = fhirBundle({
      type: 'activity',
      payloads: [
        {
          ...payload,
          heart_rate_data: { detailed: { hr_samples: [0, 1, 3].map((m) => ({ timestamp: t(m), bpm: 100 + m })) } },
        },
      ],
      user,
    });
    const gappy = byTerraField(spaced, 'heart_rate_data.detailed.hr_samples[].bpm');
    expect(gappy?.valueSampledData).toMatchObject({ period: 60_000, data: '100 101 E 103' });
    expect(gappy?.note?.map((n) => n.text)).toContain(
      '1 grid point(s) marked E: no sample at that time (a gap in the recording).',
    );
    expect(hr?.note?.map((n) => n.text)).toContain('1 sample(s) without a valid timestamp left out.');
    expect(
      panel(bundle)
        ?.note?.map((n) => n.text)
        .join(' '),
    ).toContain('position_data.position_samples (1)');
  });

  it('an end before the start, or times without an offset, leave the period open rather than backwards', () => {
    const bundle = fhirBundle({
      type: 'sleep',
      payloads: [
        { metadata: { start_time: '2024-03-10T08:00:00.000000Z', end_time: '2024-03-10T07:00:00.000000Z' } },
        { metadata: { start_time: '2024-03-10T08:00:00' } },
      ],
      user,
    });
    expect(fhirProblems(bundle)).toEqual([]);
    const panels = observations(bundle).filter((o) => o.code.text === 'Sleep payload');
    expect(panels.map((p) => p.effectivePeriod)).toEqual([{ start: '2024-03-10T08:00:00.000Z' }, undefined]);
  });
});

describe('docs/formats.md', () => {
  it('lists every LOINC code the mapping writes', () => {
    const doc = fs.readFileSync(new URL('../../../docs/formats.md', import.meta.url), 'utf8');
    const codes = new Set(['73985-4', '85354-9']);
    for (const type of types) {
      for (const field of summaryFields(type)) for (const c of loincCodings(type, field.path)) codes.add(c.code ?? '');
      for (const spec of seriesSpecs)
        for (const c of loincCodings(type, `${spec.path}[].${spec.key}`)) codes.add(c.code ?? '');
    }
    expect([...codes].filter((code) => !doc.includes(code))).toEqual([]);
  });
});
