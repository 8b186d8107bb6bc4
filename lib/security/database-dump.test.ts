import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { getTableName, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db/client';
import { hashApiKey } from '../api-keys/key-format';
import { accountFullOfSecrets } from '../testing/secrets-fixture';
import { createTestDatabase } from '../testing/test-database';
import { encryptedColumns } from './encrypted-columns';

const run = promisify(execFile);
const serverUrl = process.env.TEST_DATABASE_URL;

/** `pg_dump` on the PATH, else the newest under /usr/lib/postgresql/<version>/bin (Debian's layout). */
function pgDumpBinary(): string {
  const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql') : [];
  const installed = versions
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => `/usr/lib/postgresql/${version}/bin/pg_dump`)
    .find((file) => fs.existsSync(file));
  return installed ?? 'pg_dump';
}

/** The ways a secret could sit in a dump without being encrypted: clear, hex, base64 at any alignment, URL-escaped. */
function leakedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [secret, bytes.toString('hex'), encodeURIComponent(secret)];
  for (const shift of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    // Only the characters made of the secret's bytes alone: skip a group touched by the padding bytes.
    const inner = encoded.slice(shift ? 4 : 0, -4);
    forms.push(inner, inner.replaceAll('+', '-').replaceAll('/', '_'));
  }
  if (secret.startsWith('whsec_')) forms.push(secret.slice('whsec_'.length));
  return forms.filter((form) => form.length >= 8);
}

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let fixture: Awaited<ReturnType<typeof accountFullOfSecrets>>;
let dump: string;

describe.skipIf(!serverUrl)('a pg_dump of a database holding every kind of secret', () => {
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    fixture = await accountFullOfSecrets(database.db);
    const { stdout } = await run(pgDumpBinary(), ['--no-owner', '--dbname', database.url ?? ''], {
      maxBuffer: 512 * 1024 * 1024,
    });
    dump = stdout;
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
    await database?.destroy();
  });

  it('is a real dump of the populated database', () => {
    expect(dump).toContain('PostgreSQL database dump');
    expect(dump).toContain('COPY public.connections');
    expect(dump).toContain(fixture.userId);
    expect(Object.keys(fixture.plaintexts).length).toBeGreaterThanOrEqual(20);
  });

  it('holds no secret in clear, in hex, in base64 or URL-escaped', () => {
    const leaks = Object.entries(fixture.plaintexts).flatMap(([name, secret]) =>
      leakedForms(secret)
        .filter((form) => dump.includes(form))
        .map((form) => `${name}: ${form}`),
    );
    expect(leaks).toEqual([]);
  });

  it('holds API keys only as their SHA-256 hash and visible prefix', () => {
    const key = fixture.plaintexts.apiKey ?? '';
    expect(dump).toContain(hashApiKey(key));
    expect(dump).not.toContain(key.slice(11));
  });

  it('has every column holding encrypted values listed for the key rotation', async () => {
    const columns = rowsOf<{ table_name: string; column_name: string }>(
      await database.db.execute(sql`
        select table_name, column_name from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`),
    );
    const holding: string[] = [];
    for (const { table_name, column_name } of columns) {
      const [found] = rowsOf<{ n: number }>(
        await database.db.execute(
          sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text ~ '(^|[^A-Za-z0-9])v[12][.][A-Za-z0-9_-]+[.][A-Za-z0-9_-]+[.]'`,
        ),
      );
      if (found && found.n > 0) holding.push(`${table_name}.${column_name}`);
    }
    const listed = encryptedColumns.map((c) => `${getTableName(c.table)}.${c.column.name}`);
    expect(holding.sort()).toEqual([...new Set(listed)].sort());
  });

  it('still delivers: the webhook got its Basic credentials and a signature made with the rotated-in secret', () => {
    const [request] = fixture.receiver.received;
    expect(request?.headers.authorization).toMatch(/^Basic /);
    const [user, password] = Buffer.from(String(request?.headers.authorization).slice(6), 'base64')
      .toString('utf8')
      .split(':');
    expect(user).toMatch(/^hook-/);
    expect(password).toBe(fixture.plaintexts.webhookUrlPassword);
    expect(request?.headers['webhook-signature']).toMatch(/^v1,.+ v1,/); // the rotated-in and the previous secret
  });
});
