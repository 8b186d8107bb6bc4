import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { listenWithReconnect } from './listen';
import * as schema from './schema';

export type Schema = typeof schema;
/** A database or a transaction on it: both run the same queries. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  migrate(): Promise<void>;
  /** Raw SQL for pg-boss, which keeps its own tables (`pgboss` schema) beside ours. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /** Calls `onNotify` on every `NOTIFY` on `channel` (sent by any process); resolves to the unsubscribe. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export class DatabaseUnavailable extends Error {
  override name = 'DatabaseUnavailable';
}

const migrationsFolder = () => path.join(process.cwd(), 'db', 'migrations');

/** PostgreSQL when a URL is given, else PGlite persisted in `dataDir` (or in memory with `memory://`). */
export async function openDatabase(options: { url?: string; dataDir: string }): Promise<Database> {
  return options.url ? openPostgres(options.url) : openPglite(options.dataDir);
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => {}); // idle-client errors surface on the next query instead of crashing
  // A client checked out between two statements (a transaction) has no listener of the pool's: without
  // this one, PostgreSQL going away would throw an unhandled 'error' and end the process.
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailable(`Cannot reach PostgreSQL at ${redact(url)}: ${(error as Error).message}`);
  }
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  db.transaction = transactionsGivingBack(pool);
  return {
    kind: 'postgres',
    db,
    migrate: () => migratePg(db as never, { migrationsFolder: migrationsFolder() }),
    executeSql: async (text, values) => ({ rows: (await pool.query(text, values as unknown[])).rows }),
    listen: (channel, onNotify) => listenWithReconnect(url, channel, onNotify),
    close: () => pool.end(),
  };
}

/**
 * `db.transaction` on a connection of the pool that is given back however the transaction ends.
 * drizzle's pooled transaction sends BEGIN before the `try` that releases the connection, so a BEGIN
 * refused by a PostgreSQL going away (a restart) kept the connection checked out for good, and after
 * ten of them every query waited forever (drizzle-orm#6241). A dead connection given back leaves the pool.
 */
function transactionsGivingBack(pool: pg.Pool): Db['transaction'] {
  const onConnection = new WeakMap<pg.PoolClient, Db>(); // one drizzle per connection, made on its first transaction
  return (async (transaction, config) => {
    const client = await pool.connect();
    try {
      let db = onConnection.get(client);
      if (!db) {
        db = drizzlePg(client, { schema }) as unknown as Db;
        onConnection.set(client, db);
      }
      return await db.transaction(transaction, config);
    } finally {
      client.release();
    }
  }) as Db['transaction'];
}

async function openPglite(dataDir: string): Promise<Database> {
  const dir = dataDir === 'memory://' ? dataDir : path.join(dataDir, 'pglite');
  if (dir !== 'memory://') fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  let client: PGlite;
  try {
    client = await PGlite.create(dir === 'memory://' ? undefined : dir);
    await client.query('select 1');
  } catch (error) {
    throw new DatabaseUnavailable(
      `Cannot open the embedded database in ${dir}: ${(error as Error).message || String(error)}. ` +
        'The directory may be corrupt or used by another Heartbridge process.',
    );
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    migrate: () => migratePglite(db as never, { migrationsFolder: migrationsFolder() }),
    // PGlite runs parameterless multi-statement SQL only through `exec`.
    executeSql: async (text, values) => {
      if (values?.length) return { rows: (await client.query(text, values)).rows };
      const results = await client.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
    listen: async (channel, onNotify) => {
      const stop = await client.listen(channel, () => onNotify());
      return () => stop();
    },
    close: () => client.close(),
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

/** The rows of a raw `db.execute(sql…)`, which both drivers return as `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
