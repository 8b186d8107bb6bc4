import { Decoder, Stream } from '@garmin/fitsdk';
import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActivity, getBody, getDaily, getSleep } from '../api/endpoints/data';
import { parseCsv } from '../formats/csv-parse';
import { summaryColumns } from '../formats/payload-csv';
import { apiAccount } from '../testing/api';
import { startApiServer } from '../testing/api-server';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { fhirProblems } from '../testing/fhir-validator';
import { createTestDatabase } from '../testing/test-database';

// `format=fhir|csv|fit` over real HTTP: the route handlers on a loopback server, CardioMood simulated.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let simulator: Awaited<ReturnType<typeof connectorSimulator>>;
let server: Awaited<ReturnType<typeof startApiServer>>;
let api: Awaited<ReturnType<typeof apiAccount>>;
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  simulator = await connectorSimulator({ start: Date.now(), rateLimitPerMinute: 6000 });
  api = await apiAccount(database.db);
  await enableCardiomood(api.owner, simulator.sim, 6000);
  userId = (await connectUser(database.db, api.owner, 'user1')).userId;
  server = await startApiServer(database.db, [getActivity, getBody, getDaily, getSleep]);
}, 60_000);
afterAll(async () => {
  await server.close();
  await simulator.sim.close();
  await database.destroy();
});

async function get(path: string, query: Record<string, string>) {
  const url = `${server.url}/v2/${path}?${new URLSearchParams({ user_id: userId, ...query })}`;
  // Validating a large Bundle can outlast the server's 5 s keep-alive: a pooled socket closed meanwhile is retried.
  const response = await fetch(url, { headers: api.headers }).catch(() => fetch(url, { headers: api.headers }));
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const range = { start_date: day(9), end_date: day(2) };

describe('GET /v2/<type>?format=…', () => {
  it('fhir: one valid R4 Bundle of the range’s payloads, inline without asking for it', async () => {
    const json = await get('daily', { ...range, to_webhook: 'false' });
    const days = JSON.parse(json.body.toString()).data as unknown[];
    const answer = await get('daily', { ...range, format: 'fhir', with_samples: 'true' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/fhir+json');
    expect(answer.headers.get('x-terra-ratelimit-limit')).toBe('6000');
    const bundle = JSON.parse(answer.body.toString()) as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(fhirProblems(bundle)).toEqual([]);
    const panels = bundle.entry?.filter(
      (e) => e.resource?.resourceType === 'Observation' && e.resource.code.text === 'Daily payload',
    );
    expect(panels).toHaveLength(days.length);
    expect(JSON.stringify(bundle)).toContain('"valueSampledData"');
  }, 60_000);

  it('csv: one row per payload in schema order, or one row per sample with with_samples', async () => {
    const answer = await get('sleep', { ...range, format: 'csv' });
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = parseCsv(answer.body.toString());
    expect(header).toEqual(['user_id', ...summaryColumns('sleep')]);
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((r) => r[0] === userId)).toBe(true);
    const samples = parseCsv((await get('sleep', { ...range, format: 'csv', with_samples: 'true' })).body.toString());
    expect(samples[0]?.slice(0, 3)).toEqual(['user_id', 'series', 'timestamp']);
    expect(samples.length).toBeGreaterThan(rows.length * 100);
  }, 60_000);

  it('fit: the one activity of a range as a FIT file; several are a 400 naming their start times', async () => {
    const all = JSON.parse((await get('activity', { ...range, to_webhook: 'false' })).body.toString()).data as Array<{
      metadata: { start_time: string };
    }>;
    expect(all.length).toBeGreaterThan(1);
    const several = await get('activity', { ...range, format: 'fit' });
    expect(several.status).toBe(400);
    const refusal = JSON.parse(several.body.toString());
    expect(refusal).toEqual({
      status: 'error',
      message: expect.stringMatching(/^format: fit answers one activity and \d+ start/),
    });
    expect(refusal.message).toContain(all[0]?.metadata.start_time);

    const start = Math.floor(Date.parse(all[0]?.metadata.start_time ?? '') / 1000);
    const one = await get('activity', { start_date: String(start), end_date: String(start + 1), format: 'fit' });
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toBe('application/vnd.ant.fit');
    expect(one.headers.get('content-disposition')).toBe(
      `attachment; filename="${userId}-${all[0]?.metadata.start_time}.fit"`,
    );
    const decoder = new Decoder(Stream.fromBuffer(one.body));
    expect(decoder.checkIntegrity()).toBe(true);
    const { messages } = decoder.read();
    expect(messages.recordMesgs?.length).toBeGreaterThan(5); // samples come with a FIT file unasked
    expect(messages.sessionMesgs?.[0]?.startTime).toEqual(new Date(start * 1000));
  }, 60_000);

  it('no data stays Terra’s JSON answer; fit is refused on other types before anything is charged', async () => {
    const second = Math.floor(Date.parse(`${day(5)}T12:00:17Z`) / 1000); // no activity starts in this second
    const none = await get('activity', { start_date: String(second), end_date: String(second + 1), format: 'csv' });
    expect(none.status, none.body.toString()).toBe(200);
    expect(JSON.parse(none.body.toString())).toMatchObject({ status: 'error', type: 'no_data' });
    const before = (await get('daily', { ...range, to_webhook: 'false' })).headers.get('x-terra-ratelimit-remaining');
    const fit = await get('body', { ...range, format: 'fit' });
    expect(JSON.parse(fit.body.toString())).toEqual({
      status: 'error',
      message: 'format: fit is a file of one activity: ask GET /v2/activity.',
    });
    const after = (await get('daily', { ...range, to_webhook: 'false' })).headers.get('x-terra-ratelimit-remaining');
    expect(Number(before) - Number(after)).toBe(7);
  }, 60_000);
});
