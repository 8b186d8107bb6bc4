/**
 * The server as an operator runs it: a second instance on its own port and its own embedded data
 * directory (the build already exists), the CLI beside it, a restart, and starts that must fail.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
  cleanEnv,
  freePort,
  type RunningServer,
  runCli,
  runStartExpectingExit,
  signInOverHttp,
  startServer,
} from './support';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-e2e-server-'));
  tempDirs.push(dir);
  return dir;
}
test.afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function integrations(baseURL: string, devId: string, apiKey: string) {
  const response = await fetch(`${baseURL}/v2/integrations`, { headers: { 'dev-id': devId, 'x-api-key': apiKey } });
  return { status: response.status, body: await response.json() };
}
const integrationsBody = { status: 'success', providers: ['CARDIOMOOD'], sdk_resource: [], sdk_providers: [] };

test.describe('a second server on its own data directory', () => {
  test.describe.configure({ mode: 'serial', timeout: 180_000 });

  let dataDir: string;
  let port: number;
  let server: RunningServer | undefined;
  const owner = { email: `cli-owner-${randomBytes(3).toString('hex')}@e2e.example`, password: 'cli-owner-password-1' };
  let devId: string;
  let apiKey: string;
  // No admin email or password: the first start makes one up and prints it once.
  const env = () => cleanEnv({ HEARTBRIDGE_DATA_DIR: dataDir, HEARTBRIDGE_SIMULATOR: 'false' });

  test.beforeAll(async () => {
    dataDir = tempDir();
    port = await freePort();
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test('starts on a fresh directory, seeds the demo account and reports healthy', async () => {
    server = await startServer({ port, env: env(), timeoutMs: 120_000 });
    const health = await fetch(`${server.baseURL}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });

    const output = server.output();
    expect(output).toContain(`Heartbridge is running at http://localhost:${port}`);
    expect(output).toMatch(/demo account created \(dev-id \S+\)/);
    expect(output).toMatch(/password: \S+ +\(shown once/);
  });

  test('the CLI goes through the running server', async () => {
    test.skip(!server, 'needs the server of the previous test');
    const account = await runCli(
      ['account', 'create', '--name', 'CLI Co', '--owner-email', owner.email, '--owner-password', owner.password],
      env(),
    );
    expect(account.code, account.stderr).toBe(0);
    expect(account.json).toMatchObject({ name: 'CLI Co', owner_created: true });
    devId = String(account.json?.dev_id);
    expect(devId).toMatch(/^cli-co-/);

    const key = await runCli(['api-key', 'create', '--dev-id', devId, '--name', 'Ops key'], env());
    expect(key.code, key.stderr).toBe(0);
    expect(key.json).toMatchObject({ dev_id: devId, name: 'Ops key' });
    apiKey = String(key.json?.api_key);
    expect(key.json?.prefix).toBe(apiKey.slice(0, 11));

    // The embedded database allows one process: the commands were served by the server.
    expect(server?.output()).toContain('/api/internal/cli');
    expect(await integrations(`http://localhost:${port}`, devId, apiKey)).toEqual({
      status: 200,
      body: integrationsBody,
    });
  });

  test('the CLI reports a refused command as JSON on stderr', async () => {
    const result = await runCli(['api-key', 'create', '--dev-id', 'no-such-account'], env());
    expect(result.code).toBe(1);
    expect(result.json).toEqual({ error: 'No account has dev-id no-such-account.' });
  });

  test('a restart keeps the data and prints no new password', async () => {
    test.skip(!server || !apiKey, 'needs the server and key of the previous tests');
    const exit = await server?.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(path.join(dataDir, 'server.json'))).toBe(false);

    server = await startServer({ port, env: env(), timeoutMs: 120_000 });
    const output = server.output();
    expect(output).toContain('with your existing account');
    expect(output).not.toContain('demo account created');
    expect(output).not.toMatch(/password:/);

    expect(await integrations(server.baseURL, devId, apiKey)).toEqual({ status: 200, body: integrationsBody });
    // The CLI account's owner still signs in with the password given at creation.
    await signInOverHttp(server.baseURL, owner.email, owner.password, path.join(tempDir(), 'state.json'));
  });
});

test.describe('starts that must fail', () => {
  test.describe.configure({ timeout: 120_000 });

  test('a corrupt data directory stops the start with a clear message', async () => {
    const dataDir = tempDir();
    const pglite = path.join(dataDir, 'pglite');
    fs.mkdirSync(path.join(pglite, 'global'), { recursive: true });
    fs.mkdirSync(path.join(pglite, 'base'), { recursive: true });
    fs.writeFileSync(path.join(pglite, 'PG_VERSION'), 'not a version\n');
    fs.writeFileSync(path.join(pglite, 'global', 'pg_control'), randomBytes(37)); // truncated, garbage

    const result = await runStartExpectingExit(
      cleanEnv({ HEARTBRIDGE_DATA_DIR: dataDir, HEARTBRIDGE_SIMULATOR: 'false', PORT: String(await freePort()) }),
      90_000,
    );
    expect(result.signal, result.stderr).toBeNull(); // it stopped by itself
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Heartbridge could not start');
    expect(result.stdout).not.toContain('Heartbridge is running');
  });

  test('an unreachable PostgreSQL stops the start with a message naming it', async () => {
    const result = await runStartExpectingExit(
      cleanEnv({
        HEARTBRIDGE_DATA_DIR: tempDir(),
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nope',
        PORT: String(await freePort()),
      }),
      90_000,
    );
    expect(result.signal, result.stderr).toBeNull();
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Heartbridge could not start: .*PostgreSQL/);
    expect(result.stdout).not.toContain('Heartbridge is running');
  });
});
