import { createHash } from 'node:crypto';
import net from 'node:net';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { z } from 'zod';
import {
  type MysqlSettings,
  mysqlSettings,
  type PostgresSettings,
  postgresSettings,
  sqlHosts,
  sqlSecrets,
} from '../../destinations/kinds/sql';
import { assertDestinationHostAllowed } from '../../security/ssrf';
import { type Sender, type SendInput, timed } from './sender';
import { summarize, type TerraRows, terraRows } from './sql-rows';

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`Invalid ${what}: ${z.prettifyError(result.error)}`);
  return result.data;
}

interface Writer {
  write(rows: TerraRows): Promise<void>;
  end(): Promise<void>;
}
interface WriterInput<S> {
  settings: S;
  password: string;
  input: SendInput;
  address: string;
}
interface PoolEntry {
  key: string;
  writer: Writer;
}
const pools = new Map<string, PoolEntry>();

/**
 * One pool per destination, connecting to the address the SSRF guard just checked (so a DNS
 * rebind cannot redirect it); recreated when settings, password or address change.
 */
async function writerFor(input: SendInput, host: string, create: (address: string) => Writer): Promise<Writer> {
  const { addresses } = await assertDestinationHostAllowed(host);
  const address = addresses[0]?.address;
  if (!address) throw new Error('The database host resolves to no address');
  const key = createHash('sha256')
    .update(JSON.stringify([input.destination.kind, input.destination.settings, input.secrets, address]))
    .digest('hex');
  const current = pools.get(input.destination.id);
  if (current?.key === key) return current.writer;
  if (current) void current.writer.end().catch(() => {});
  const entry = { key, writer: create(address) };
  pools.set(input.destination.id, entry);
  return entry.writer;
}

/** Closes every pool (worker shutdown, tests). */
export async function closeSqlPools(): Promise<void> {
  const entries = [...pools.values()];
  pools.clear();
  await Promise.allSettled(entries.map((entry) => entry.writer.end()));
}

/** Runs `ensure` once per pool; a failure is retried on the next send. */
function once(ensure: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | null = null;
  return () => {
    done ??= ensure().catch((error: unknown) => {
      done = null;
      throw error;
    });
    return done;
  };
}

const tls = (host: string, settings: { ssl: boolean; sslCa?: string | undefined }) =>
  settings.ssl
    ? { rejectUnauthorized: true, ...(settings.sslCa ? { ca: settings.sslCa } : {}), ...serverName(host) }
    : undefined;
const serverName = (host: string) => (net.isIP(host) === 0 ? { servername: host } : {});

function postgresWriter({ settings, password, input, address }: WriterInput<PostgresSettings>): Writer {
  const pool = new pg.Pool({
    host: address,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    password,
    ssl: tls(settings.host, settings),
    max: 4,
    connectionTimeoutMillis: input.destination.timeoutSeconds * 1000,
    query_timeout: 30_000,
    idleTimeoutMillis: 30_000,
    allowExitOnIdle: true,
  });
  pool.on('error', () => {}); // an idle client dropped by the server; the pool replaces it
  pool.on('connect', (client) => client.on('error', () => {})); // likewise one checked out mid-transaction
  const s = `"${settings.schema}"`;
  const ensureTables = once(async () => {
    const found = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1
         AND tablename IN ('terra_users', 'terra_data_payloads', 'terra_misc_payloads')`,
      [settings.schema],
    );
    if (found.rows[0]?.n === 3) return; // a user without CREATE rights can use tables made for it
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('heartbridge:terra_tables:' || $1))`, [
        settings.schema,
      ]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${s}.terra_users (
        user_id VARCHAR(36) PRIMARY KEY, reference_id TEXT, created_at TIMESTAMPTZ NOT NULL,
        granted_scopes TEXT, provider TEXT NOT NULL, state VARCHAR(20), updated_at TIMESTAMPTZ NOT NULL)`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${s}.terra_data_payloads (
        payload_id VARCHAR(100) PRIMARY KEY, user_id VARCHAR(36) NOT NULL, data_type VARCHAR(32) NOT NULL,
        created_at TIMESTAMPTZ NOT NULL, start_time TIMESTAMPTZ, end_time TIMESTAMPTZ, payload JSONB NOT NULL)`);
      await client.query(`CREATE INDEX IF NOT EXISTS terra_data_payloads_user_idx
        ON ${s}.terra_data_payloads (user_id, data_type, start_time)`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${s}.terra_misc_payloads (
        payload_id VARCHAR(100) PRIMARY KEY, user_id VARCHAR(36), data_type VARCHAR(32) NOT NULL,
        payload_type VARCHAR(32), created_at TIMESTAMPTZ NOT NULL, payload JSONB NOT NULL)`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  });
  return {
    end: () => pool.end(),
    async write(rows) {
      await ensureTables();
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        for (const u of rows.users) {
          await client.query(
            `INSERT INTO ${s}.terra_users AS t
               (user_id, reference_id, created_at, granted_scopes, provider, state, updated_at)
             VALUES ($1, $2, $3, $4, $5, COALESCE($6, 'active'), $7)
             ON CONFLICT (user_id) DO UPDATE SET reference_id = EXCLUDED.reference_id,
               granted_scopes = EXCLUDED.granted_scopes, provider = EXCLUDED.provider,
               state = CASE WHEN $6::text IS NULL THEN t.state ELSE EXCLUDED.state END,
               updated_at = EXCLUDED.updated_at
             WHERE t.updated_at <= EXCLUDED.updated_at`,
            [u.userId, u.referenceId, u.createdAt, u.scopes, u.provider, u.state, u.at],
          );
        }
        for (const d of rows.data) {
          await client.query(
            `INSERT INTO ${s}.terra_data_payloads AS t
               (payload_id, user_id, data_type, created_at, start_time, end_time, payload)
             VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
             ON CONFLICT (payload_id) DO UPDATE SET created_at = EXCLUDED.created_at,
               start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time, payload = EXCLUDED.payload
             WHERE t.created_at <= EXCLUDED.created_at`,
            [d.payloadId, d.userId, d.dataType, d.createdAt, d.startTime, d.endTime, d.payload],
          );
        }
        for (const m of rows.misc) {
          await client.query(
            `INSERT INTO ${s}.terra_misc_payloads
               (payload_id, user_id, data_type, payload_type, created_at, payload)
             VALUES ($1, $2, $3, $4, $5, $6::jsonb)
             ON CONFLICT (payload_id) DO UPDATE SET payload = EXCLUDED.payload`,
            [m.payloadId, m.userId, m.dataType, m.payloadType, m.createdAt, m.payload],
          );
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: Error) => {
          broken = rollback;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}

function mysqlWriter({ settings, password, input, address }: WriterInput<MysqlSettings>): Writer {
  const ssl = tls(settings.host, settings);
  const pool = mysql.createPool({
    // `host` stays the name so that TLS verifies it; the socket goes to the checked address.
    host: settings.host,
    port: settings.port,
    stream: () => net.connect({ host: address, port: settings.port }),
    database: settings.database,
    user: settings.user,
    password,
    ...(ssl ? { ssl: { ...ssl, verifyIdentity: net.isIP(settings.host) === 0 } } : {}),
    connectionLimit: 4,
    connectTimeout: input.destination.timeoutSeconds * 1000,
    timezone: 'Z',
    charset: 'utf8mb4',
  });
  const ensureTables = once(async () => {
    const options = 'CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';
    await pool.query(`CREATE TABLE IF NOT EXISTS terra_users (
      user_id VARCHAR(36) PRIMARY KEY, reference_id TEXT, created_at DATETIME(3) NOT NULL,
      granted_scopes TEXT, provider TEXT NOT NULL, state VARCHAR(20), updated_at DATETIME(3) NOT NULL) ${options}`);
    await pool.query(`CREATE TABLE IF NOT EXISTS terra_data_payloads (
      payload_id VARCHAR(100) PRIMARY KEY, user_id VARCHAR(36) NOT NULL, data_type VARCHAR(32) NOT NULL,
      created_at DATETIME(3) NOT NULL, start_time DATETIME(3), end_time DATETIME(3), payload JSON NOT NULL,
      KEY terra_data_payloads_user_idx (user_id, data_type, start_time)) ${options}`);
    await pool.query(`CREATE TABLE IF NOT EXISTS terra_misc_payloads (
      payload_id VARCHAR(100) PRIMARY KEY, user_id VARCHAR(36), data_type VARCHAR(32) NOT NULL,
      payload_type VARCHAR(32), created_at DATETIME(3) NOT NULL, payload JSON NOT NULL) ${options}`);
  });
  // MySQL applies assignments left to right: updated_at goes last so the guards see the old value.
  const newer = 'VALUES(updated_at) >= updated_at';
  const userUpsert = (keepState: boolean) =>
    `INSERT INTO terra_users (user_id, reference_id, created_at, granted_scopes, provider, state, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE
       reference_id = IF(${newer}, VALUES(reference_id), reference_id),
       granted_scopes = IF(${newer}, VALUES(granted_scopes), granted_scopes),
       provider = IF(${newer}, VALUES(provider), provider),
       state = ${keepState ? 'state' : `IF(${newer}, VALUES(state), state)`},
       updated_at = GREATEST(updated_at, VALUES(updated_at))`;
  const newerPayload = 'VALUES(created_at) >= created_at';
  return {
    end: () => pool.end(),
    async write(rows) {
      await ensureTables();
      const connection = await pool.getConnection();
      let destroyed = false;
      try {
        await connection.beginTransaction();
        for (const u of rows.users) {
          await connection.execute(userUpsert(u.state === null), [
            u.userId,
            u.referenceId,
            u.createdAt,
            u.scopes,
            u.provider,
            u.state ?? 'active',
            u.at,
          ]);
        }
        for (const d of rows.data) {
          await connection.execute(
            `INSERT INTO terra_data_payloads
               (payload_id, user_id, data_type, created_at, start_time, end_time, payload)
             VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE
               start_time = IF(${newerPayload}, VALUES(start_time), start_time),
               end_time = IF(${newerPayload}, VALUES(end_time), end_time),
               payload = IF(${newerPayload}, VALUES(payload), payload),
               created_at = GREATEST(created_at, VALUES(created_at))`,
            [d.payloadId, d.userId, d.dataType, d.createdAt, d.startTime, d.endTime, d.payload],
          );
        }
        for (const m of rows.misc) {
          await connection.execute(
            `INSERT INTO terra_misc_payloads (payload_id, user_id, data_type, payload_type, created_at, payload)
             VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE payload = VALUES(payload)`,
            [m.payloadId, m.userId, m.dataType, m.payloadType, m.createdAt, m.payload],
          );
        }
        await connection.commit();
      } catch (error) {
        await connection.rollback().catch(() => {
          destroyed = true;
          connection.destroy();
        });
        throw error;
      } finally {
        if (!destroyed) connection.release();
      }
    },
  };
}

function sqlSender<S extends z.ZodType<{ host: string }>>(
  schema: S,
  what: string,
  create: (writer: WriterInput<z.infer<S>>) => Writer,
): Sender {
  return {
    send: (input) =>
      timed(async () => {
        const settings = parse(schema, input.destination.settings, `${what} settings`);
        const { password } = parse(sqlSecrets, input.secrets, `${what} credentials`);
        const rows = terraRows(input.event);
        const writer = await writerFor(input, sqlHosts(settings), (address) =>
          create({ settings, password, input, address }),
        );
        await writer.write(rows);
        return summarize(rows);
      }),
  };
}

/** PostgreSQL and Supabase: Terra's three tables under the configured schema. */
export const postgresSender: Sender = sqlSender(postgresSettings, 'PostgreSQL', postgresWriter);

/** MySQL and MariaDB: Terra's three tables in the configured database. */
export const mysqlSender: Sender = sqlSender(mysqlSettings, 'MySQL', mysqlWriter);
