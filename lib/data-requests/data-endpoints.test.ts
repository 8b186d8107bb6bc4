import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfills, dataRequestUsage, rawRecords } from '@/db/schema';
import { getActivity, getAthlete, getBody, getDaily, getSleep } from '../api/endpoints/data';
import { listEvents } from '../events/list-events';
import { validateModel } from '../models/validate';
import { apiAccount } from '../testing/api';
import { startApiServer } from '../testing/api-server';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { connectionFor } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';

// Over real HTTP: the route handlers on a loopback server, CardioMood simulated, real time.
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
  server = await startApiServer(database.db, [getActivity, getBody, getDaily, getSleep, getAthlete]);
}, 60_000);
afterAll(async () => {
  await server.close();
  await simulator.sim.close();
  await database.destroy();
});

async function get(path: string, query: Record<string, string>, headers: Record<string, string> = api.headers) {
  const response = await fetch(`${server.url}/v2/${path}?${new URLSearchParams(query)}`, { headers });
  const json = (await response.json()) as Record<string, unknown> & { data?: unknown[] };
  return { status: response.status, headers: response.headers, json };
}

const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const calls = () => simulator.sim.admin.stats().calls['heartbridge-test']?.total ?? 0;
const rows = async (table: typeof backfills | typeof dataRequestUsage) =>
  (await database.db.select({ n: count() }).from(table))[0]?.n ?? 0;

describe('GET /v2/<type> inline', () => {
  it('fetches never-synced days from CardioMood once, answers Terra’s envelope oldest first, and sends no events', async () => {
    const before = calls();
    const answer = await get('daily', { user_id: userId, start_date: day(20), end_date: day(15), to_webhook: 'false' });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json)).toEqual(['user', 'data', 'type']);
    expect(answer.json).toMatchObject({ type: 'daily', user: { user_id: userId, provider: 'CARDIOMOOD' } });
    const data = answer.json.data as Array<{ metadata: { start_time: string } }>;
    expect(data).toHaveLength(5);
    for (const daily of data) expect(validateModel('Daily', daily).errors).toEqual([]);
    const starts = data.map((d) => d.metadata.start_time.slice(0, 10));
    expect(starts).toEqual([day(20), day(19), day(18), day(17), day(16)]);
    expect(calls() - before).toBeGreaterThan(5); // one summaries page, then raw metrics per day
    expect(answer.headers.get('x-terra-ratelimit-limit')).toBe('6000');
    expect(answer.headers.get('x-terra-ratelimit-remaining')).toBe('5995');
    expect(Number(answer.headers.get('x-terra-ratelimit-reset-after'))).toBeGreaterThan(3500);
    // Samples stay out unless asked for.
    expect(JSON.stringify(data)).not.toMatch(/"hr_samples": ?\[\{/);

    const again = calls();
    const sleep = await get('sleep', { user_id: userId, start_date: day(20), end_date: day(15), to_webhook: 'false' });
    expect(calls()).toBe(again); // the history is stored now
    for (const night of sleep.json.data ?? []) expect(validateModel('Sleep', night).errors).toEqual([]);
    const events = await listEvents({ ctx: api.owner, input: { userId } });
    expect(events.map((e) => e.type)).toEqual(['auth']);
  }, 60_000);

  it('includes samples with with_samples=true and takes unix timestamps', async () => {
    const start = Math.floor(Date.parse(`${day(18)}T00:00:00Z`) / 1000);
    const answer = await get('activity', {
      user_id: userId,
      start_date: String(start),
      end_date: String(start + 2 * 86_400),
      to_webhook: 'false',
      with_samples: 'true',
    });
    expect(answer.status).toBe(200);
    const data = answer.json.data as Array<Record<string, { detailed?: { hr_samples?: unknown[] } }>>;
    expect(data.length).toBeGreaterThan(0);
    for (const activity of data) expect(validateModel('Activity', activity).errors).toEqual([]);
    expect(data.some((a) => (a.heart_rate_data?.detailed?.hr_samples?.length ?? 0) > 0)).toBe(true);
  }, 60_000);

  it('answers the no-data body for a range with nothing stored', async () => {
    const idle = await connectionFor(api.owner, { status: 'inactive' });
    const answer = await get('body', { user_id: idle.id, start_date: day(40), end_date: day(38), to_webhook: 'false' });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ status: 'error', type: 'no_data', user: { user_id: idle.id } });
  });

  it('refuses an answer over 10 MB with a 413 that points to to_webhook', async () => {
    const answer = await get('body', {
      user_id: userId,
      start_date: day(12),
      end_date: day(6),
      to_webhook: 'false',
      with_samples: 'true',
    });
    expect(answer.status).toBe(413);
    expect(answer.json).toEqual({ status: 'error', message: expect.stringContaining('to_webhook=true') });
    const slim = await get('body', { user_id: userId, start_date: day(12), end_date: day(6), to_webhook: 'false' });
    expect(slim.status).toBe(200);
    expect(slim.json.data).toHaveLength(6);
  }, 90_000);

  it('answers the athlete with the CardioMood user id', async () => {
    const answer = await get('athlete', { user_id: userId, to_webhook: 'false' });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ type: 'athlete', user: { user_id: userId } });
    expect(validateModel('Athlete', answer.json.athlete).errors).toEqual([]);
    expect((answer.json.athlete as { provider_user_id: string }).provider_user_id).toBeTruthy();
  });
});

describe('bad requests', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['no start_date', {}, /^start_date/],
    ['a day that does not exist', { start_date: '2024-02-30' }, /^start_date 2024-02-30 is not a calendar date/],
    ['a negative timestamp', { start_date: '-1700000000' }, /^start_date/],
    ['a 20-digit timestamp', { start_date: '17000000000000000000' }, /^start_date/],
    ['a word', { start_date: 'yesterday' }, /^start_date/],
    ['a bad end_date', { start_date: '2024-01-01', end_date: '2024-13-01' }, /^end_date/],
    ['start after end', { start_date: '2024-03-01', end_date: '2024-02-01' }, /^start_date must be before end_date/],
    ['start equal to end', { start_date: '2024-03-01', end_date: '2024-03-01' }, /^start_date must be before/],
    ['a start in the future', { start_date: '2999-01-01' }, /^start_date must be before end_date/],
    ['a malformed user_id', { user_id: 'abc', start_date: '2024-01-01' }, /^user_id/],
    ['to_webhook not a boolean', { start_date: '2024-01-01', to_webhook: 'maybe' }, /^to_webhook/],
    ['with_samples not a boolean', { start_date: '2024-01-01', with_samples: '2' }, /^with_samples/],
  ];
  it.each(cases)('%s is a 400 naming the parameter, and writes nothing', async (_name, query, message) => {
    const before = [await rows(backfills), await rows(dataRequestUsage)];
    const answer = await get('daily', { user_id: userId, ...query });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ status: 'error', message: expect.stringMatching(message) });
    expect([await rows(backfills), await rows(dataRequestUsage)]).toEqual(before);
  });

  it('answers the same 404 for an unknown user and for another account’s user', async () => {
    const other = await apiAccount(database.db, 'Other account');
    const query = { start_date: day(3), to_webhook: 'false' };
    const theirs = await get('daily', { ...query, user_id: userId }, other.headers);
    const nobody = await get('daily', { ...query, user_id: '00000000-0000-4000-8000-000000000000' });
    expect(theirs.status).toBe(404);
    expect(theirs.json).toEqual(nobody.json);
    expect((await get('athlete', { user_id: userId }, other.headers)).status).toBe(404);
  });

  it('answers 401 without credentials', async () => {
    const answer = await get('daily', { user_id: userId, start_date: day(3) }, {});
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ message: 'unauthorized' });
  });
});

describe('per-user rate limits', () => {
  it('r1 refuses a request over 1,825 days, writing nothing', async () => {
    const before = [await rows(backfills), await rows(dataRequestUsage)];
    const answer = await get('daily', { user_id: userId, start_date: '2019-01-01', end_date: '2024-01-02' });
    expect(answer.status).toBe(429);
    expect(answer.json).toMatchObject({
      status: 'error',
      detail: 'rate limit exceeded',
      message: expect.stringContaining('r1'),
    });
    expect(answer.headers.get('x-terra-ratelimit-rule')).toBe('r1');
    expect(answer.headers.get('x-terra-ratelimit-limit')).toBe('6000');
    expect([await rows(backfills), await rows(dataRequestUsage)]).toEqual(before);
  });

  it('r2 refuses past 6,000 days for one user in an hour, with Retry-After, and counts per user', async () => {
    const idle = await connectionFor(api.owner, { status: 'inactive' });
    for (let i = 0; i < 4; i++) {
      const answer = await get('daily', {
        user_id: idle.id,
        start_date: '2015-01-01',
        end_date: '2019-02-09',
        to_webhook: 'false',
      });
      expect(answer.status).toBe(200); // 1,500 days each
      expect(answer.headers.get('x-terra-ratelimit-remaining')).toBe(String(6000 - 1500 * (i + 1)));
    }
    const refused = await get('daily', {
      user_id: idle.id,
      start_date: '2024-01-01',
      end_date: '2024-01-02',
      to_webhook: 'false',
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-terra-ratelimit-rule')).toBe('r2');
    expect(refused.headers.get('x-terra-ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(refused.json).toMatchObject({ detail: 'rate limit exceeded' });
    const other = await get('daily', { user_id: userId, start_date: day(3), end_date: day(2), to_webhook: 'false' });
    expect(other.status).toBe(200);
  }, 30_000);
});

describe('raw records', () => {
  it('keep CardioMood’s answers for the fetched days', async () => {
    const [row] = await database.db.select({ n: count() }).from(rawRecords).where(eq(rawRecords.userId, userId));
    expect(row?.n).toBeGreaterThan(10);
  });
});
