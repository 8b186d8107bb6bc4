import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '@/db/client';

/**
 * A fresh, migrated database for one test file: a new database on the server of
 * `TEST_DATABASE_URL` (or `serverUrl`) when it is set (dropped afterwards), else an in-memory PGlite.
 */
export async function createTestDatabase(
  kind: 'default' | 'pglite' | 'postgres' = 'default',
  serverUrl = process.env.TEST_DATABASE_URL,
): Promise<Database & { url?: string; destroy(): Promise<void> }> {
  if (kind === 'pglite' || (kind === 'default' && !serverUrl)) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await database.migrate();
    return { ...database, destroy: () => database.close() };
  }
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `hb_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await admin(serverUrl, `create database ${name}`);
  const url = withDatabase(serverUrl, name);
  const database = await openDatabase({ url, dataDir: '' });
  await database.migrate();
  return {
    ...database,
    url,
    async destroy() {
      await database.close();
      await admin(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
