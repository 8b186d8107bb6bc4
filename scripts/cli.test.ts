import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/lib/testing/test-database';

const run = promisify(execFile);
const bin = path.join(import.meta.dirname, 'heartbridge.mjs');

async function cli(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
    return { code: 0, out: JSON.parse(stdout) as Record<string, string> };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, out: JSON.parse(failed.stderr) as Record<string, string> };
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-cli-'));
const postgres = process.env.TEST_DATABASE_URL ? createTestDatabase('postgres') : undefined;
afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  await (await postgres)?.destroy();
});

const targets: Array<[string, () => Promise<Record<string, string>>]> = [
  ['the embedded database', async () => ({ HEARTBRIDGE_DATA_DIR: dataDir, DATABASE_URL: '' })],
  ['PostgreSQL', async () => ({ DATABASE_URL: (await postgres)?.url ?? '' })],
];

describe.each(targets)('heartbridge CLI on %s', (name, environment) => {
  it.skipIf(name === 'PostgreSQL' && !postgres)('creates an account and an API key, printing JSON', async () => {
    const env = await environment();
    const account = await cli(
      env,
      'account',
      'create',
      '--name',
      'CLI Co',
      '--owner-email',
      'cli@example.test',
      '--owner-password',
      'long-enough-pw',
      '--json',
    );
    expect(account.code).toBe(0);
    expect(account.out).toMatchObject({ dev_id: expect.stringMatching(/^cli-co-[a-z0-9]{6}$/), owner_created: true });
    const key = await cli(env, 'api-key', 'create', '--dev-id', account.out.dev_id as string, '--json');
    expect(key.code).toBe(0);
    expect(key.out).toMatchObject({ dev_id: account.out.dev_id, api_key: expect.stringMatching(/^hb_/) });

    const devId = account.out.dev_id as string;
    const inbox = await cli(
      env,
      'destination',
      'add',
      'inbox',
      '--dev-id',
      devId,
      '--payload-format',
      'fhir',
      '--json',
    );
    expect(inbox).toMatchObject({
      code: 0,
      out: { id: expect.any(String), signing_secret: expect.stringMatching(/^whsec_/) },
    });
    const wrong = await cli(env, 'destination', 'add', 'inbox', '--dev-id', devId, '--payload-format', 'xml', '--json');
    expect(wrong.code).toBe(1);
    expect(wrong.out.error).toMatch(/format/i);
  });

  it.skipIf(name === 'PostgreSQL' && !postgres)('refuses bad input with a readable error and exit code 1', async () => {
    const env = await environment();
    expect(await cli(env, 'api-key', 'create', '--dev-id', 'no-such-account', '--json')).toEqual({
      code: 1,
      out: { error: 'No account has dev-id no-such-account.' },
    });
    const missing = await cli(env, 'account', 'create', '--name', 'X', '--json');
    expect(missing).toEqual({ code: 1, out: { error: '--owner-email is required.' } });
  });
});
