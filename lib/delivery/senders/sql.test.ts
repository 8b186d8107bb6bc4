import { randomBytes, randomUUID } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DestinationRow, EventRow, SendInput } from './sender';
import { closeSqlPools, mysqlSender, postgresSender } from './sql';
import { terraRows } from './sql-rows';

// Against the real local servers: PostgreSQL at TEST_DATABASE_URL, MariaDB at 127.0.0.1:3306
// (root, empty password). Each run works in a throwaway database and drops it afterwards.

const postgresUrl = process.env.TEST_DATABASE_URL;
const mariadbAdmin = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const mariadbUp = await mysql
  .createConnection({ ...mariadbAdmin, connectTimeout: 2000 })
  .then((c) => c.end().then(() => true))
  .catch(() => false);

const USER = '8f2d1c4e-0b6a-4a57-9d1e-3c2b1a0f9e8d';
const OTHER = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const terraUser = (id = USER) => ({
  user_id: id,
  provider: 'CARDIOMOOD',
  reference_id: `ref-${id.slice(0, 4)}`,
  scopes: 'daily,sleep',
  active: true,
  created_at: '2026-03-01T10:00:00.000000+00:00',
});
const daily = (day: string, steps: number) => ({
  metadata: { start_time: `${day}T00:00:00.000000+01:00`, end_time: `${day}T23:59:59.000000+01:00`, upload_type: 1 },
  distance_data: { steps },
});
let clock = Date.parse('2026-03-12T06:00:00Z');
function event(type: string, body: Record<string, unknown>): EventRow {
  clock += 60_000;
  return {
    id: randomUUID(),
    seq: 1,
    accountId: randomUUID(),
    userId: USER,
    type,
    reference: randomUUID(),
    traceId: randomUUID(),
    body,
    createdAt: new Date(clock),
  };
}
const dailyEvent = (...payloads: unknown[]) =>
  event('daily', { type: 'daily', data: payloads, user: terraUser(), version: '2022-03-16' });

function destination(kind: string, settings: Record<string, unknown>): DestinationRow {
  return {
    id: randomUUID(),
    accountId: randomUUID(),
    kind,
    name: kind,
    status: 'enabled',
    disabledReason: null,
    settings,
    secrets: null,
    signingSecrets: '',
    eventTypes: [],
    payloadFormat: 'terra',
    timeoutSeconds: 5,
    maxRetries: 10,
    retryBaseSeconds: 30,
    retryCapSeconds: 28_800,
    lastSuccessAt: null,
    failingSince: null,
    createdAt: new Date(),
  } as DestinationRow;
}
const input = (target: DestinationRow, secrets: Record<string, unknown>, ev: EventRow): SendInput => ({
  destination: target,
  secrets,
  event: ev,
  body: JSON.stringify(ev.body),
  headers: {},
});

interface Dialect {
  send: typeof postgresSender.send;
  /** Settings of a destination writing into the test database, with the admin's password. */
  settings(database?: string): Record<string, unknown>;
  password: string;
  /** A login that checks its password, or a reason the server cannot refuse one. */
  passwordUser(): Promise<{ user: string; password: string; settings?: Record<string, unknown> } | string>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  tables: string;
}

beforeAll(() => {
  process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
});
afterAll(async () => {
  delete process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS;
  await closeSqlPools();
});

function behaves(dialect: () => Dialect) {
  const target = () => destination('sql', dialect().settings());
  let shared: DestinationRow;
  const send = (ev: EventRow, to = shared) => dialect().send(input(to, { password: dialect().password }, ev));
  const payloadOf = (row: Record<string, unknown> | undefined) =>
    typeof row?.payload === 'string' ? JSON.parse(row.payload) : row?.payload;
  const count = async (table: string) =>
    Number((await dialect().rows(`SELECT count(*) AS n FROM ${dialect().tables}${table}`))[0]?.n);

  it('creates the tables and writes a daily event with two payloads, payload JSON included', async () => {
    shared = target();
    const answer = await send(dailyEvent(daily('2026-03-10', 100), daily('2026-03-11', 200)));
    expect(answer).toMatchObject({ statusCode: 200, error: null, excerpt: 'upserted 1 user, 2 data payloads' });
    const rows = await dialect().rows(
      `SELECT payload_id, user_id, data_type, start_time, payload FROM ${dialect().tables}terra_data_payloads ORDER BY payload_id`,
    );
    expect(rows.map((r) => r.payload_id)).toEqual([
      `${USER}:daily:2026-03-10T00:00:00.000000+01:00`,
      `${USER}:daily:2026-03-11T00:00:00.000000+01:00`,
    ]);
    expect(payloadOf(rows[0])).toEqual(daily('2026-03-10', 100));
    expect(new Date(rows[0]?.start_time as string).toISOString()).toBe('2026-03-09T23:00:00.000Z');
    const [user] = await dialect().rows(`SELECT * FROM ${dialect().tables}terra_users`);
    expect(user).toMatchObject({ user_id: USER, provider: 'CARDIOMOOD', reference_id: 'ref-8f2d', state: 'active' });
  });

  it('writes nothing twice when the same event is delivered again', async () => {
    const again = dailyEvent(daily('2026-03-10', 100));
    expect((await send(again)).statusCode).toBe(200);
    expect((await send(again)).statusCode).toBe(200);
    expect(await count('terra_data_payloads')).toBe(2);
    expect(await count('terra_users')).toBe(1);
  });

  it('updates the day with a later payload, and an older replay does not undo it', async () => {
    const older = dailyEvent(daily('2026-03-11', 250));
    const later = dailyEvent(daily('2026-03-11', 900));
    expect((await send(later)).statusCode).toBe(200);
    expect((await send(older)).statusCode).toBe(200);
    const rows = await dialect().rows(
      `SELECT payload FROM ${dialect().tables}terra_data_payloads WHERE payload_id = '${USER}:daily:2026-03-11T00:00:00.000000+01:00'`,
    );
    expect(payloadOf(rows[0])).toEqual(daily('2026-03-11', 900));
    expect(await count('terra_data_payloads')).toBe(2);
  });

  it('keeps terra_users.state in step with auth, deauth and reauth events', async () => {
    const state = async (id: string) =>
      (await dialect().rows(`SELECT state FROM ${dialect().tables}terra_users WHERE user_id = '${id}'`))[0]?.state;
    const auth = event('auth', { type: 'auth', user: terraUser(OTHER), status: 'success', reference_id: 'r' });
    expect(await send(auth)).toMatchObject({ statusCode: 200, excerpt: 'upserted 1 user, 1 misc payload' });
    expect(await state(OTHER)).toBe('active');
    const deauth = event('deauth', { type: 'deauth', user: terraUser(OTHER), status: 'success' });
    expect((await send(deauth)).statusCode).toBe(200);
    expect(await state(OTHER)).toBe('deauth');
    expect((await send(auth)).statusCode).toBe(200); // a replayed older auth does not revive the user
    expect(await state(OTHER)).toBe('deauth');

    const reauth = event('user_reauth', {
      type: 'user_reauth',
      old_user: terraUser(USER),
      new_user: terraUser(OTHER),
      status: 'success',
    });
    expect(await send(reauth)).toMatchObject({ statusCode: 200, excerpt: 'upserted 2 users, 1 misc payload' });
    expect([await state(USER), await state(OTHER)]).toEqual(['user_reauth', 'active']);
    expect(await count('terra_misc_payloads')).toBe(3);
    const misc = await dialect().rows(
      `SELECT payload_id, payload_type, payload FROM ${dialect().tables}terra_misc_payloads WHERE data_type = 'deauth'`,
    );
    expect(misc[0]).toMatchObject({ payload_id: `${OTHER}:deauth:${deauth.traceId}`, payload_type: 'success' });
    expect(payloadOf(misc[0])).toEqual(deauth.body);
  });

  it('answers with an error for a wrong password, then delivers once it is corrected', async (context) => {
    const login = await dialect().passwordUser();
    if (typeof login === 'string') return context.skip(login);
    const guarded = destination('sql', { ...dialect().settings(), ...login.settings, user: login.user });
    const ev = dailyEvent(daily('2026-03-12', 1));
    const wrong = await dialect().send(input(guarded, { password: 'not-the-password' }, ev));
    expect(wrong).toMatchObject({ statusCode: null, excerpt: null });
    expect(wrong.error).toMatch(/password|denied/i);
    const right = await dialect().send(input(guarded, { password: login.password }, ev));
    expect(right).toMatchObject({ statusCode: 200, error: null });
  });

  it('answers with an error when the database does not exist', async () => {
    const missing = destination('sql', dialect().settings(`hb_missing_${randomBytes(4).toString('hex')}`));
    const answer = await send(dailyEvent(daily('2026-03-10', 1)), missing);
    expect(answer.statusCode).toBeNull();
    expect(answer.error).toMatch(/does not exist|unknown database/i);
  });

  it('refuses a loopback host unless private destinations are allowed', async () => {
    delete process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS;
    try {
      const answer = await send(dailyEvent(daily('2026-03-10', 1)), target());
      expect(answer.statusCode).toBeNull();
      expect(answer.error).toMatch(/HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS/);
    } finally {
      process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
    }
  });
}

const suffix = randomBytes(4).toString('hex');
const testDatabase = `hb_sql_test_${suffix}`;

describe.skipIf(!postgresUrl)(
  `PostgreSQL destination${postgresUrl ? '' : ' (skipped: set TEST_DATABASE_URL to run it)'}`,
  () => {
    const url = new URL(postgresUrl ?? 'postgres://localhost');
    const admin = () => new pg.Client({ connectionString: url.toString() });
    let reader: pg.Client;
    const role = `hb_sql_test_${suffix}`;
    beforeAll(async () => {
      const client = admin();
      await client.connect();
      await client.query(`CREATE DATABASE ${testDatabase}`);
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'right-password'`);
      await client.query(`GRANT ALL ON DATABASE ${testDatabase} TO ${role}`);
      await client.end();
      const readUrl = new URL(url.toString());
      readUrl.pathname = `/${testDatabase}`;
      reader = new pg.Client({ connectionString: readUrl.toString() });
      await reader.connect();
    });
    afterAll(async () => {
      await reader?.end();
      await closeSqlPools();
      const client = admin();
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${testDatabase} WITH (FORCE)`);
      await client.query(`DROP ROLE IF EXISTS ${role}`);
      await client.end();
    });
    behaves(() => ({
      send: postgresSender.send,
      settings: (database = testDatabase) => ({
        host: url.hostname,
        port: Number(url.port || 5432),
        database,
        user: decodeURIComponent(url.username),
        schema: 'terra',
      }),
      password: decodeURIComponent(url.password),
      tables: 'terra.',
      rows: async (sql) => (await reader.query(sql)).rows,
      async passwordUser() {
        const probe = new pg.Client({ host: url.hostname, port: Number(url.port || 5432), user: role, password: 'x' });
        const accepted = await probe.connect().then(
          () => true,
          () => false,
        );
        await probe.end().catch(() => {});
        return accepted
          ? `the server trusts ${url.hostname} (pg_hba "trust"), so no password can be wrong`
          : { user: role, password: 'right-password', settings: { schema: 'terra_login' } };
      },
    }));
  },
);

describe.skipIf(!mariadbUp)(
  `MySQL/MariaDB destination${mariadbUp ? '' : ' (skipped: no MariaDB at 127.0.0.1:3306 for root with an empty password)'}`,
  () => {
    let reader: mysql.Connection;
    const user = `hb_sql_test_${suffix}`;
    beforeAll(async () => {
      reader = await mysql.createConnection({ ...mariadbAdmin, timezone: 'Z' });
      await reader.query(`CREATE DATABASE ${testDatabase}`);
      await reader.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'right-password'`);
      await reader.query(`GRANT ALL ON ${testDatabase}.* TO '${user}'@'%'`);
      await reader.query(`USE ${testDatabase}`);
    });
    afterAll(async () => {
      await closeSqlPools();
      await reader?.query(`DROP DATABASE IF EXISTS ${testDatabase}`);
      await reader?.query(`DROP USER IF EXISTS '${user}'@'%'`);
      await reader?.end();
    });
    behaves(() => ({
      send: mysqlSender.send,
      settings: (database = testDatabase) => ({ host: '127.0.0.1', port: 3306, database, user: 'root' }),
      password: '',
      tables: '',
      rows: async (sql) => (await reader.query(sql))[0] as Record<string, unknown>[],
      passwordUser: async () => ({ user, password: 'right-password' }),
    }));
  },
);

describe('terraRows', () => {
  it('keys an over-long natural key by a hash that still fits the 100-character column', () => {
    const summary = 'x'.repeat(120);
    const body = { type: 'sleep', data: [{ metadata: { summary_id: summary } }], user: terraUser() };
    const [one] = terraRows(event('sleep', body)).data;
    const [two] = terraRows(event('sleep', body)).data;
    expect(one?.payloadId.length).toBeLessThanOrEqual(100);
    expect(one?.payloadId).toBe(two?.payloadId);
    expect(one?.payloadId.startsWith(`${USER}:sleep:`)).toBe(true);
  });
});
