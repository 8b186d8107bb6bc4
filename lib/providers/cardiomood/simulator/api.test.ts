import { afterEach, describe, expect, it } from 'vitest';
import { parseRawMetric, parseUserSummaries } from '../raw/parse';
import { startSimulator } from './server';
import { closeTestSimulators, TEST_CLIENT, TEST_START, testSimulator } from './testing';

afterEach(closeTestSimulators);

const HOUR = 3_600_000;

/** A parsed summaries page, failing the test on any rejected day. */
async function page(response: Response) {
  expect(response.status).toBe(200);
  const parsed = parseUserSummaries(await response.json());
  expect(parsed.rejected).toEqual([]);
  return parsed;
}

describe('CardioMood simulator: /user-summaries', () => {
  it('paginates Laravel-style, one summary a local day, none after today', async () => {
    const { get, accessToken } = await testSimulator();
    const token = await accessToken('user1'); // user1 lives at −6:00: it is 06:00 on 2024-03-15 there
    const range = '/user-summaries?date_from=2024-03-01&date_to=2024-03-20&per_page=4';
    const first = await page(await get(`${range}&page=1`, token));
    expect(first).toMatchObject({ current_page: 1, last_page: 4, per_page: 4, total: 15 });
    expect(first.data.map((day) => day.date)).toEqual(['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-04']);
    const last = await page(await get(`${range}&page=4`, token));
    expect(last.data.map((day) => day.date)).toEqual(['2024-03-13', '2024-03-14', '2024-03-15']);
    expect((await page(await get(`${range}&page=5`, token))).data).toEqual([]);
    expect((await page(await get(`${range}&page=0`, token))).data.map((day) => day.date)).toEqual(
      first.data.map((day) => day.date),
    );
    const future = await page(await get('/user-summaries?date_from=2024-03-16&date_to=2024-03-20', token));
    expect(future).toMatchObject({ data: [], total: 0, last_page: 1, per_page: 10 });
  });

  it('adds the intraday slots with include_slots=1 only', async () => {
    const { get, accessToken } = await testSimulator();
    const token = await accessToken();
    const plain = await page(await get('/user-summaries?date_from=2024-03-10&date_to=2024-03-10', token));
    const slotted = await page(
      await get('/user-summaries?date_from=2024-03-10&date_to=2024-03-10&include_slots=1', token),
    );
    expect(plain.data[0]?.activity?.slots).toBeUndefined();
    expect(slotted.data[0]?.activity?.slots).toHaveLength(48);
    expect(slotted.data[0]?.activity?.slots_five_minutes).toHaveLength(288);
    expect(slotted.data[0]?.heart_rate?.slots?.length).toBe(288);
    expect(slotted.data[0]?.activity?.total_steps).toBe(plain.data[0]?.activity?.total_steps);
  });

  it("grows today's summary as the clock advances", async () => {
    const { get, accessToken, clock } = await testSimulator({ accessTokenTtlSeconds: 86_400 });
    const token = await accessToken('user2'); // +5:00: 17:00 local
    const today = '/user-summaries?date_from=2024-03-15&date_to=2024-03-15&include_slots=1';
    const before = (await page(await get(today, token))).data[0];
    clock.now += 4 * HOUR;
    const after = (await page(await get(today, token))).data[0];
    expect(after?.activity?.total_steps).toBeGreaterThan(before?.activity?.total_steps ?? 0);
    expect(before?.heart_rate?.slots).toHaveLength(17 * 12);
    expect(after?.heart_rate?.slots).toHaveLength(21 * 12);
  });

  it.each([
    ['no date_from', 'date_to=2024-03-10', 'date_from'],
    ['a malformed date', 'date_from=10.03.2024&date_to=2024-03-10', 'date_from'],
    ['a day that does not exist', 'date_from=2024-02-30&date_to=2024-03-10', 'date_from'],
    ['date_from after date_to', 'date_from=2024-03-10&date_to=2024-03-09', 'date_to'],
    ['an array date', 'date_from[]=2024-03-10&date_to=2024-03-10', 'date_from'],
    ['broken percent-encoding', 'date_from=%E0%A4%A&date_to=2024-03-10', 'date_from'],
    ['include_slots=2', 'date_from=2024-03-10&date_to=2024-03-10&include_slots=2', 'include_slots'],
    ['per_page=0', 'date_from=2024-03-10&date_to=2024-03-10&per_page=0', 'per_page'],
    ['a huge per_page', 'date_from=2024-03-10&date_to=2024-03-10&per_page=1e308', 'per_page'],
    ['a huge page', 'date_from=2024-03-10&date_to=2024-03-10&page=99999999999999999999', 'page'],
    ['a negative page', 'date_from=2024-03-10&date_to=2024-03-10&page=-1', 'page'],
  ])('answers 422 {message, errors} for %s', async (_name, query, field) => {
    const { get } = await testSimulator();
    const answer = await get(`/user-summaries?${query}`);
    expect(answer.status).toBe(422);
    const body = await answer.json();
    expect(body.message).toEqual(expect.any(String));
    expect(body.errors[field]).toEqual([expect.any(String)]);
  });
});

describe('CardioMood simulator: /v2/raw-metrics', () => {
  const night = 'from_client_date=2024-03-14T02:00:00.000&to_client_date=2024-03-14T02:59:59.999';

  it.each([
    ['activity', 60],
    ['rr-interval', 3600],
    ['sleep', 120],
    ['temperature', 60],
    ['heart-rate-variability', 12],
  ] as const)('answers %s as an array of records the parser accepts', async (metric, count) => {
    const { get } = await testSimulator();
    const answer = await get(`/v2/raw-metrics/${metric}?${night}`);
    expect(answer.status).toBe(200);
    const records = parseRawMetric(metric, await answer.json());
    expect(records).toHaveLength(count);
    expect(records[0]?.date).toBe('2024-03-14T02:00:00.000-06:00');
  });

  it('reads a client-date window in the account zone: the same records as the absolute window', async () => {
    const { get, accessToken } = await testSimulator();
    const token = await accessToken();
    const local = await (await get(`/v2/raw-metrics/heart-rate-variability?${night}`, token)).text();
    const offset = new URLSearchParams({
      from_date: '2024-03-14T02:00:00.000-06:00',
      to_date: '2024-03-14T08:59:59.999Z',
    });
    const absolute = await (await get(`/v2/raw-metrics/heart-rate-variability?${offset}`, token)).text();
    expect(absolute).toBe(local);
  });

  it('caps the records at now', async () => {
    const { get } = await testSimulator();
    const answer = await get(
      '/v2/raw-metrics/activity?from_client_date=2024-03-15T05:00:00&to_client_date=2024-03-15T07:00:00',
    );
    const records = parseRawMetric('activity', await answer.json());
    expect(records).toHaveLength(61);
    expect(records.at(-1)?.timestamp).toBe(TEST_START);
  });

  it('answers a full local day, and 400 past 24 hours', async () => {
    const { get, accessToken } = await testSimulator();
    const token = await accessToken();
    const day = await get(
      '/v2/raw-metrics/temperature?from_client_date=2024-03-13T00:00:00.000&to_client_date=2024-03-13T23:59:59.999',
      token,
    );
    expect(parseRawMetric('temperature', await day.json())).toHaveLength(1440);
    const long = await get(
      '/v2/raw-metrics/temperature?from_client_date=2024-03-13T00:00:00.000&to_client_date=2024-03-14T00:00:00.001',
      token,
    );
    expect(long.status).toBe(400);
    expect((await long.json()).errors).toBeDefined();
  });

  it.each([
    ['both pairs', `${night}&from_date=2024-03-14T08:00:00Z&to_date=2024-03-14T09:00:00Z`, 400],
    ['neither pair', 'per_page=10', 400],
    ['half a pair', 'from_client_date=2024-03-14T02:00:00.000', 422],
    ['an unencoded +', 'from_date=2024-03-14T02:00:00.000+01:00&to_date=2024-03-14T03:00:00.000+01:00', 422],
    ['an offset on a client date', 'from_client_date=2024-03-14T02:00:00Z&to_client_date=2024-03-14T03:00:00Z', 422],
    ['no offset on an absolute date', 'from_date=2024-03-14T02:00:00&to_date=2024-03-14T03:00:00', 422],
    ['to before from', 'from_client_date=2024-03-14T03:00:00&to_client_date=2024-03-14T02:00:00', 422],
    ['a 25th hour', 'from_client_date=2024-03-14T25:00:00&to_client_date=2024-03-14T26:00:00', 422],
  ])('refuses %s', async (_name, query, status) => {
    const { get } = await testSimulator();
    const answer = await get(`/v2/raw-metrics/activity?${query}`);
    expect(answer.status).toBe(status);
    expect(await answer.json()).toMatchObject({ message: expect.any(String), errors: expect.any(Object) });
  });

  it('answers 404 for an unknown metric and no records for the high-rate ones, within 30 minutes', async () => {
    const { get, accessToken } = await testSimulator();
    const token = await accessToken();
    const unknown = await get(`/v2/raw-metrics/steps?${night}`, token);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'Not Found' });
    const ppg = await get(
      '/v2/raw-metrics/ppg1?from_client_date=2024-03-14T02:00:00&to_client_date=2024-03-14T02:30:00',
      token,
    );
    expect(await ppg.json()).toEqual([]);
    expect((await get(`/v2/raw-metrics/ecg?${night}`, token)).status).toBe(400);
  });
});

describe('CardioMood simulator: determinism', () => {
  it('answers the same bytes for the same account and window, on any run', async () => {
    const bodies = async (seed?: string) => {
      const { get, accessToken } = await testSimulator({ seed });
      const token = await accessToken('user2');
      return Promise.all(
        [
          '/user-summaries?date_from=2024-03-12&date_to=2024-03-12&include_slots=1',
          '/v2/raw-metrics/sleep?from_client_date=2024-03-12T01:00:00&to_client_date=2024-03-12T02:00:00',
        ].map(async (path) => (await get(path, token)).text()),
      );
    };
    const [first, second, other] = [await bodies(), await bodies(), await bodies('another seed')];
    expect(second).toEqual(first);
    expect(other[0]).not.toBe(first[0]);
  });

  it('gives every account a zone between −8:00 and +9:00 in half hours and a stable profile', async () => {
    const sim = await startSimulator({ accounts: 12, clients: [{ ...TEST_CLIENT, redirectUris: [] }] });
    const again = await startSimulator({ accounts: 12, seed: 'other' });
    try {
      const accounts = sim.admin.accounts();
      const offsets = accounts.map((a) => a.offsetMinutes);
      for (const offset of offsets) {
        expect(Number.isInteger(offset / 30)).toBe(true);
        expect(offset).toBeGreaterThanOrEqual(-480);
        expect(offset).toBeLessThanOrEqual(540);
      }
      expect(new Set(offsets).size).toBeGreaterThan(4);
      expect(again.admin.accounts().map((a) => [a.offsetMinutes, a.profile])).toEqual(
        accounts.map((a) => [a.offsetMinutes, a.profile]),
      );
      expect(accounts[0]?.profile).toMatchObject({
        uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/),
        email: 'user1@example.com',
        gender: expect.stringMatching(/^(male|female)$/),
        birthday: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      });
    } finally {
      await Promise.all([sim.close(), again.close()]);
    }
  });
});
