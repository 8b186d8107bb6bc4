import { Decoder, Stream } from '@garmin/fitsdk';
import fc from 'fast-check';
import FitParser from 'fit-file-parser';
import { describe, expect, it } from 'vitest';
import { examplePayload } from '../../payloads/example-payloads';
import { payloadArbitrary } from '../../testing/payload-arbitraries';
import { asRecord, at, finite, list } from '../fhir/read';
import { fhirTime } from '../fhir/time';
import { activityFitFile } from './activity-file';
import { type FitField, fields, fitStored, semicircles, uint8 } from './fields';

/** Generated activities; FIT_RUNS raises it. */
const runs = Number(process.env.FIT_RUNS ?? 80);

type Message = Record<string, unknown>;

/** Garmin's decoder, after its integrity check (header, size, CRC) passes. */
function garmin(bytes: Uint8Array) {
  const decoder = new Decoder(Stream.fromByteArray(Array.from(bytes)));
  expect(decoder.checkIntegrity(), 'FIT integrity').toBe(true);
  const { messages, errors } = decoder.read();
  expect(errors).toEqual([]);
  return messages as Record<string, Message[]>;
}

async function fitFileParser(bytes: Uint8Array) {
  const parser = new FitParser({ force: false, mode: 'list', speedUnit: 'm/s', lengthUnit: 'm' });
  return (await parser.parseAsync(Buffer.from(bytes))) as unknown as Record<string, Message[]>;
}

const num = (payload: unknown, path: string) => finite(at(payload, path));
const whole = (ms: number) => Math.round(ms / 1000) * 1000;

/** What the session must hold: the payload's totals at FIT's resolution, absent where the payload has none. */
function expectedSession(payload: unknown) {
  const start = fhirTime(at(payload, 'metadata.start_time'));
  const end = fhirTime(at(payload, 'metadata.end_time'));
  const elapsed = (whole(end?.ms ?? 0) - whole(start?.ms ?? 0)) / 1000;
  return {
    totalElapsedTime: elapsed,
    totalTimerTime: fitStored(num(payload, 'active_durations_data.activity_seconds'), fields.time) ?? elapsed,
    totalDistance: fitStored(num(payload, 'distance_data.summary.distance_meters'), fields.distance),
    totalCalories: fitStored(num(payload, 'calories_data.total_burned_calories'), fields.calories),
    avgHeartRate: fitStored(num(payload, 'heart_rate_data.summary.avg_hr_bpm'), uint8),
    maxHeartRate: fitStored(num(payload, 'heart_rate_data.summary.max_hr_bpm'), uint8),
  };
}

/** Per series: the value each second's first valid sample sets, at FIT's resolution. */
function expectedSamples(payload: unknown) {
  const series: Array<[string, string, FitField, string]> = [
    ['heart_rate_data.detailed.hr_samples', 'bpm', fields.heartRate, 'heartRate'],
    ['distance_data.detailed.distance_samples', 'distance_meters', fields.distance, 'distance'],
    ['movement_data.speed_samples', 'speed_meters_per_second', fields.enhancedSpeed, 'enhancedSpeed'],
    ['distance_data.detailed.elevation_samples', 'elev_meters', fields.enhancedAltitude, 'enhancedAltitude'],
  ];
  const out: Array<{ field: string; second: number; value: number }> = [];
  for (const [path, key, field, name] of series) {
    const seen = new Set<number>();
    const timed = list(at(payload, path))
      .map((s) => ({ time: fhirTime(asRecord(s)?.timestamp), value: fitStored(finite(asRecord(s)?.[key]), field) }))
      .filter((s) => s.time && s.value !== undefined)
      .sort((a, b) => (a.time?.ms ?? 0) - (b.time?.ms ?? 0));
    for (const { time, value } of timed) {
      const second = whole(time?.ms ?? 0);
      if (seen.has(second)) continue;
      seen.add(second);
      out.push({ field: name, second, value: value as number });
    }
  }
  for (const s of list(at(payload, 'position_data.position_samples'))) {
    const [lat, lng] = (asRecord(s)?.coords_lat_lng_deg as unknown[]) ?? [];
    const time = fhirTime(asRecord(s)?.timestamp);
    const latitude = semicircles(lat, 90);
    if (time && latitude !== undefined && semicircles(lng, 180) !== undefined)
      out.push({ field: 'positionLat', second: whole(time.ms), value: latitude });
  }
  return out;
}

/** Decodes with both decoders and checks the totals and every sample against the payload. */
async function expectFaithful(payload: unknown) {
  const bytes = activityFitFile(payload);
  const messages = garmin(bytes);
  for (const name of ['fileIdMesgs', 'deviceInfoMesgs', 'eventMesgs', 'lapMesgs', 'sessionMesgs', 'activityMesgs'])
    expect(messages[name]?.length, name).toBeGreaterThan(0);
  const session = messages.sessionMesgs?.[0] ?? {};
  const expected = expectedSession(payload);
  for (const [key, value] of Object.entries(expected)) {
    if (value === undefined) expect(session[key], key).toBeUndefined();
    else expect(session[key], key).toBeCloseTo(value, 6);
  }
  const records = new Map((messages.recordMesgs ?? []).map((r) => [(r.timestamp as Date).getTime(), r]));
  const samples = expectedSamples(payload);
  for (const { field, second, value } of samples)
    expect(records.get(second)?.[field], `${field} at ${second}`).toBe(value);

  const parsed = await fitFileParser(bytes);
  const parsedSession = parsed.sessions?.[0] ?? {};
  expect(parsedSession.total_elapsed_time).toBeCloseTo(expected.totalElapsedTime, 6);
  if (expected.totalDistance !== undefined) expect(parsedSession.total_distance).toBeCloseTo(expected.totalDistance, 6);
  if (expected.totalCalories !== undefined) expect(parsedSession.total_calories).toBe(expected.totalCalories);
  if (expected.avgHeartRate !== undefined) expect(parsedSession.avg_heart_rate).toBe(expected.avgHeartRate);
  if (expected.maxHeartRate !== undefined) expect(parsedSession.max_heart_rate).toBe(expected.maxHeartRate);
  const parsedRecords = new Map((parsed.records ?? []).map((r) => [(r.timestamp as Date).getTime(), r]));
  for (const { field, second, value } of samples.filter((s) => s.field === 'heartRate' || s.field === 'distance'))
    expect(parsedRecords.get(second)?.[field === 'heartRate' ? 'heart_rate' : 'distance']).toBeCloseTo(value, 6);
  return { records: records.size, samples: samples.length };
}

describe('FIT activity files', () => {
  it('every example activity decodes in both decoders with its totals and samples', async () => {
    const activities = examplePayload('activity').dayPayloads;
    for (const activity of activities) {
      const { samples } = await expectFaithful(activity);
      expect(samples).toBeGreaterThan(10);
    }
    const [run] = activities;
    expect(activityFitFile(run)).toEqual(activityFitFile(run));
  });

  it('generated activities (gaps, repeats, broken times, values FIT cannot hold) all decode faithfully', async () => {
    let files = 0;
    let samples = 0;
    await fc.assert(
      fc.asyncProperty(
        payloadArbitrary('activity').filter((p) => {
          const start = fhirTime(at(p, 'metadata.start_time'));
          const end = fhirTime(at(p, 'metadata.end_time'));
          return Boolean(start && end && end.ms >= start.ms);
        }),
        async (payload) => {
          samples += (await expectFaithful(payload)).samples;
          files++;
        },
      ),
      { numRuns: runs },
    );
    console.info(`FIT: ${files} generated activities encoded and decoded (${samples} samples compared)`);
  }, 120_000);

  it('an activity without samples is a valid file of its totals; without a valid period it is refused', async () => {
    const run = examplePayload('activity').payload as Record<string, unknown>;
    const summaryOnly = { metadata: run.metadata, calories_data: { total_burned_calories: 300.4 } };
    const messages = garmin(activityFitFile(summaryOnly));
    expect(messages.recordMesgs ?? []).toEqual([]);
    expect(messages.sessionMesgs?.[0]).toMatchObject({ totalCalories: 300 });
    expect(messages.sessionMesgs?.[0]?.avgHeartRate).toBeUndefined();
    expect(() => activityFitFile({ metadata: { start_time: 'soon' } })).toThrow(/no valid start and end time/);
    expect(() =>
      activityFitFile({
        metadata: { start_time: '1980-01-01T00:00:00.000000Z', end_time: '1980-01-01T01:00:00.000000Z' },
      }),
    ).toThrow(/after 1989-12-31/);
  });
});
