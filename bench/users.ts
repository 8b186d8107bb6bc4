/**
 * The Users table over 100,000 connections on a real PostgreSQL: p50/p95 of (a) the page's query
 * (`searchConnections`, what the page waits for) and (b) the whole page over HTTP from the built app
 * (`next build` first; skipped without a build or in --short), for the views support staff use.
 * Target: p95 page response ≤ 300 ms.
 * Run: node --import tsx bench/users.ts [--short]   (BENCH_DATABASE_URL or TEST_DATABASE_URL)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { searchConnections } from '@/lib/connections/search-connections';
import { addDestination } from '@/lib/destinations/add-destination';
import { accountWithOwner, testPassword } from '@/lib/testing/fixtures';
import { createTestDatabase } from '@/lib/testing/test-database';
import { freePort, signInOverHttp, startServer } from '../e2e/support';
import { machine, short, writeResult } from './machine';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!serverUrl) {
  console.error('bench/users.ts needs BENCH_DATABASE_URL or TEST_DATABASE_URL (a PostgreSQL server).');
  process.exit(1);
}
process.env.TEST_DATABASE_URL = serverUrl;
process.env.HEARTBRIDGE_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';

const sizes = { connections: short ? 2_000 : 100_000, failingUsers: short ? 50 : 2_000, repeats: short ? 3 : 25 };
const root = path.resolve(import.meta.dirname, '..');
const database = await createTestDatabase('postgres');

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
async function measure(run: () => Promise<unknown>) {
  await run(); // warm
  const times: number[] = [];
  for (let i = 0; i < sizes.repeats; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: Math.round(percentile(times, 0.5)), p95Ms: Math.round(percentile(times, 0.95)) };
}

try {
  const { owner, email } = await accountWithOwner(database.db, 'Bench account');
  const accountId = owner.account.id;
  // Connections spread over a year, polled and fed at varied times, one in ten inactive, a tenth never polled.
  await database.db.execute(sql`
    insert into connections (account_id, provider, provider_user_id, reference_id, status, access_token,
      created_at, last_poll_at, last_data_at, last_webhook_at, next_poll_at)
    select ${accountId}, 'CARDIOMOOD', 'cm-' || n, 'customer-' || n,
      case when n % 10 = 0 then 'inactive' else 'active' end, 'x',
      now() - (n % 365) * interval '1 day' - (n % 1440) * interval '1 minute',
      case when n % 10 = 1 then null else now() - (n % 4000) * interval '1 minute' end,
      now() - (n % 9000) * interval '1 minute',
      now() - (n % 7000) * interval '1 minute',
      now() + (n % 60) * interval '1 minute'
    from generate_series(1, ${sizes.connections}) n`);
  // Failing deliveries for some users: an event each, its delivery retrying.
  const destination = await addDestination({ ctx: owner, input: { kind: 'webhook', url: 'http://127.0.0.1:9/' } });
  await database.db.execute(sql`
    with picked as (
      select id from connections where account_id = ${accountId} order by created_at desc limit ${sizes.failingUsers}
    ), emitted as (
      insert into events (account_id, user_id, type, reference, trace_id, body)
      select ${accountId}, id, 'daily', gen_random_uuid()::text, gen_random_uuid()::text, '{}'::jsonb from picked
      returning id
    )
    insert into deliveries (account_id, event_id, destination_id, status, attempts, next_attempt_at)
    select ${accountId}, id, ${destination.id}, 'retrying', 3, now() + interval '1 hour' from emitted`);
  await database.db.execute(sql`analyze`);

  const [sample] = rowsOf<{ id: string }>(
    await database.db.execute(sql`select id from connections where account_id = ${accountId} limit 1 offset 4242`),
  );
  const views: Record<string, Record<string, string>> = {
    'first page (newest)': {},
    'page 2,000': { page: String(Math.max(1, Math.floor(sizes.connections / 50))) },
    'sorted by last sync, oldest first': { sort: 'last_sync', dir: 'asc' },
    'inactive only': { status: 'inactive' },
    'synced more than a day ago': { sync: 'stale' },
    'search reference_id "customer-4242"': { q: 'customer-4242' },
    'search by user_id': { q: sample?.id ?? '' },
  };

  const query: Record<string, { p50Ms: number; p95Ms: number }> = {};
  for (const [name, input] of Object.entries(views)) {
    query[name] = await measure(() => searchConnections({ ctx: owner, input }));
  }

  let page: Record<string, { p50Ms: number; p95Ms: number }> | string = 'skipped: --short or no build';
  if (!short && fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-bench-users-'));
    const server = await startServer({
      port,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        HEARTBRIDGE_DATA_DIR: dataDir,
        HEARTBRIDGE_WORKER: 'false',
        HEARTBRIDGE_SIMULATOR: 'false',
        HEARTBRIDGE_DEMO_USERS: '0',
        LOG_LEVEL: 'warn',
      },
    });
    try {
      const base = `http://localhost:${port}`;
      const statePath = path.join(dataDir, 'state.json');
      await signInOverHttp(base, email, testPassword, statePath);
      const cookies = (JSON.parse(fs.readFileSync(statePath, 'utf8')) as { cookies: { name: string; value: string }[] })
        .cookies;
      const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      page = {};
      for (const [name, input] of Object.entries(views)) {
        const url = `${base}/users?${new URLSearchParams(input)}`;
        page[name] = await measure(async () => {
          const response = await fetch(url, { headers: { cookie } });
          if (!response.ok) throw new Error(`${url} answered ${response.status}`);
          await response.text();
        });
      }
    } finally {
      await server.stop();
    }
  }

  const worstPage = typeof page === 'string' ? null : Math.max(...Object.values(page).map((v) => v.p95Ms));
  const result = {
    name: 'users',
    machine: machine('postgres'),
    sizes,
    query,
    page,
    target: 'p95 page response ≤ 300 ms',
    met: worstPage === null ? null : worstPage <= 300,
  };
  console.table(
    Object.fromEntries(
      Object.keys(views).map((name) => [
        name,
        {
          'query p50 ms': query[name]?.p50Ms,
          'query p95 ms': query[name]?.p95Ms,
          'page p50 ms': typeof page === 'string' ? '—' : page[name]?.p50Ms,
          'page p95 ms': typeof page === 'string' ? '—' : page[name]?.p95Ms,
        },
      ]),
    ),
  );
  writeResult('users', result);
} finally {
  await database.destroy();
}
