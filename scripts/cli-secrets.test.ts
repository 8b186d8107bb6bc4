import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = path.join(import.meta.dirname, 'heartbridge.mjs');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-cli-secrets-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** The CLI on an embedded database whose key lives in the data directory (no key in the environment). */
async function cli(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, HEARTBRIDGE_DATA_DIR: dataDir, DATABASE_URL: '' };
  delete env.HEARTBRIDGE_ENCRYPTION_KEY;
  const { stdout } = await run(process.execPath, [bin, ...args, '--json'], { env });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('heartbridge secrets rotate-key', () => {
  it('replaces the embedded key file and re-encrypts the secrets; each run a new key', async () => {
    const account = await cli(
      'account',
      'create',
      '--name',
      'Keys Co',
      '--owner-email',
      'keys@example.test',
      '--owner-password',
      'long-enough-pw',
    );
    await cli('destination', 'add', 'inbox', '--dev-id', String(account.dev_id));
    const keyFile = path.join(dataDir, 'encryption-key');
    const oldKey = fs.readFileSync(keyFile, 'utf8');
    const first = await cli('secrets', 'rotate-key');
    expect(first).toMatchObject({ key_source: 'file', reencrypted: { 'destinations.signing_secrets': 1 } });
    expect(fs.readFileSync(keyFile, 'utf8')).not.toBe(oldKey);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const second = await cli('secrets', 'rotate-key');
    expect(second).toMatchObject({ key_source: 'file', reencrypted: { 'destinations.signing_secrets': 1 } });
    expect(second.key_id).not.toBe(first.key_id);
  }, 120_000);
});
