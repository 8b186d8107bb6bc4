import { Decoder, Stream } from '@garmin/fitsdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../formats/csv-parse';
import { fhirProblems } from '../testing/fhir-validator';
import { accountWithOwner, connectionFor, memberWithRole } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';
import { examplePayload } from './example-payloads';
import { payloadDownload } from './payload-download';
import { upsertPayload } from './upsert-payload';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

async function stored(type: 'activity' | 'daily') {
  const { owner } = await accountWithOwner(database.db);
  const user = await connectionFor(owner, { referenceId: 'runner/1' });
  const payload = examplePayload(type).payload as { metadata: { start_time: string } };
  const { id } = await upsertPayload(owner, {
    userId: user.id,
    type,
    naturalKey: `${type}-key`,
    day: payload.metadata.start_time.slice(0, 10),
    startTime: payload.metadata.start_time,
    payload,
    rawRecordIds: [],
    dropped: {},
  });
  return { owner, user, id, payload };
}

describe('downloading one payload', () => {
  it('as FHIR, CSV, samples CSV and (an activity) FIT, for any member of the account', async () => {
    const { owner, user, id, payload } = await stored('activity');
    const viewer = await memberWithRole(owner, 'viewer');
    const fhir = await payloadDownload({ ctx: viewer, input: { payloadId: id, format: 'fhir' } });
    expect(fhir).toMatchObject({
      filename: 'activity-runner_1-activity-key.fhir.json',
      contentType: 'application/fhir+json',
    });
    expect(fhirProblems(JSON.parse(String(fhir.body)))).toEqual([]);
    const csv = await payloadDownload({ ctx: owner, input: { payloadId: id, format: 'csv' } });
    expect(parseCsv(String(csv.body))).toHaveLength(2);
    const samples = await payloadDownload({ ctx: owner, input: { payloadId: id, format: 'samples.csv' } });
    expect(parseCsv(String(samples.body)).length).toBeGreaterThan(40);
    const fit = await payloadDownload({ ctx: owner, input: { payloadId: id, format: 'fit' } });
    expect(fit.filename).toBe(`${user.id}-${payload.metadata.start_time}.fit`);
    expect(new Decoder(Stream.fromByteArray(Array.from(fit.body as Uint8Array))).checkIntegrity()).toBe(true);
  });

  it('refuses FIT for a non-activity, an unknown format, and another account’s payload', async () => {
    const { owner, id } = await stored('daily');
    await expect(payloadDownload({ ctx: owner, input: { payloadId: id, format: 'fit' } })).rejects.toThrow(
      'Only an activity has a FIT file.',
    );
    await expect(payloadDownload({ ctx: owner, input: { payloadId: id, format: 'xml' as 'fit' } })).rejects.toThrow(
      'Choose a format: fhir, csv, samples.csv or fit.',
    );
    const other = await accountWithOwner(database.db);
    await expect(payloadDownload({ ctx: other.owner, input: { payloadId: id, format: 'csv' } })).rejects.toMatchObject({
      kind: 'not_found',
    });
  });
});
