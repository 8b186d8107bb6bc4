/**
 * Process-level helpers shared by the global setup and teardown, the fixtures and the server spec:
 * where things live, how to start and stop a Heartbridge server, how to run its CLI.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { request } from '@playwright/test';
import pg from 'pg';

export const repoRoot = path.resolve(import.meta.dirname, '..');
/** Under test-results/, which git ignores and Playwright empties at the start of every run. */
export const authDir = path.join(repoRoot, 'test-results', '.auth');
export const stateFile = path.join(authDir, 'state.json');

/** The main test server's port: fixed, because the config is read before the global setup runs. */
export const e2ePort = Number(process.env.E2E_PORT ?? 3199);
export const e2eBaseURL = `http://localhost:${e2ePort}`;

/** Debian's Chromium; Playwright's own browser builds are never downloaded. */
export const chromiumLaunchOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

/**
 * The environment for a Heartbridge process: this one's, less every Heartbridge, next-auth and
 * database setting that could leak in from the shell, plus `extra`.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = {} as NodeJS.ProcessEnv;
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(HEARTBRIDGE_|NEXTAUTH_|DATABASE_URL$|TEST_DATABASE_URL$|PORT$|LOG_LEVEL$)/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
}

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningServer {
  process: ChildProcess;
  port: number;
  baseURL: string;
  /** Everything the server printed so far (stdout and stderr), or the log file's content. */
  output(): string;
  exited: Promise<Exit>;
  stop(): Promise<Exit>;
}

/**
 * Starts `node --import tsx scripts/start.ts` (what `npm start` runs) and resolves once
 * `/api/health` answers 200. With `logFile`, the output goes there (the process may outlive the
 * caller's pipes); else it is kept in memory. Rejects with the server's output when it exits or
 * does not become healthy in time.
 */
export async function startServer(options: {
  port: number;
  env: NodeJS.ProcessEnv;
  logFile?: string;
  timeoutMs?: number;
}): Promise<RunningServer> {
  const { port, env, logFile, timeoutMs = 120_000 } = options;
  let buffered = '';
  let stdio: ['ignore', number, number] | ['ignore', 'pipe', 'pipe'];
  if (logFile) {
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    const fd = fs.openSync(logFile, 'w');
    stdio = ['ignore', fd, fd];
  } else stdio = ['ignore', 'pipe', 'pipe'];

  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: repoRoot,
    env: { ...env, PORT: String(port) },
    stdio,
  });
  if (logFile) fs.closeSync(stdio[1] as number); // the child has its own copy
  child.stdout?.on('data', (chunk) => {
    buffered += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    buffered += chunk;
  });
  const output = () => (logFile ? readIfExists(logFile) : buffered);
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  const server: RunningServer = {
    process: child,
    port,
    baseURL: `http://localhost:${port}`,
    output,
    exited,
    stop: () => stopProcess(child, exited),
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited) {
      const exit = await exited;
      throw new Error(`Heartbridge exited early (code ${exit.code}, signal ${exit.signal}). Its output:\n${output()}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5_000) });
      // The banner proves that this process, not some other one on the port, is the one answering.
      if (response.status === 200 && output().includes('Heartbridge is running at')) return server;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await server.stop();
  throw new Error(`Heartbridge did not answer /api/health with 200 within ${timeoutMs} ms. Its output:\n${output()}`);
}

/** SIGTERM, then SIGKILL after 10 s. */
export async function stopProcess(child: ChildProcess, exited: Promise<Exit>, graceMs = 10_000): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const exit = await exited;
  clearTimeout(timer);
  return exit;
}

/** Runs the start script expecting it to fail: resolves with its exit and output, killing it after `timeoutMs`. */
export async function runStartExpectingExit(
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<Exit & { stdout: string; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], env, timeoutMs);
}

export interface CliResult extends Exit {
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON on success, stderr's `{"error"}` on failure; undefined if neither parses. */
  json: Record<string, unknown> | undefined;
}

/** `node scripts/heartbridge.mjs <args> --json`, as the `heartbridge` bin runs it. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<CliResult> {
  const result = await run(process.execPath, ['scripts/heartbridge.mjs', ...args, '--json'], env, timeoutMs);
  const text = (result.code === 0 ? result.stdout : result.stderr).trim();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text.split('\n').at(-1) ?? '');
  } catch {
    json = undefined;
  }
  return { ...result, json };
}

/** Like runCli, but throws with the CLI's output unless it succeeded. */
export async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const result = await runCli(args, env);
  if (result.code !== 0 || !result.json) {
    throw new Error(`heartbridge ${args.join(' ')} failed (code ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.json;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number) {
  return new Promise<Exit & { stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      stderr += `\n[e2e] killed after ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The hosts a test database may live on: this machine only. */
export function assertLocalDatabaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('TEST_DATABASE_URL is not a valid URL.');
  }
  if (!['postgres:', 'postgresql:'].includes(parsed.protocol)) {
    throw new Error(`TEST_DATABASE_URL must be a postgres:// URL, not ${parsed.protocol}`);
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(
      `Refusing TEST_DATABASE_URL on host "${parsed.hostname}": the e2e suite creates and drops databases, ` +
        'so it only runs against PostgreSQL on this machine (127.0.0.1, localhost or ::1).',
    );
  }
  return parsed;
}

/** The same server, another database. */
export function withDatabase(url: URL, database: string): string {
  const copy = new URL(url.toString());
  copy.pathname = `/${database}`;
  return copy.toString();
}

/** Creates a database on the (local) server `adminUrl` points at. */
export async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** Drops a database, closing whatever connections are still open on it. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
  } finally {
    await client.end();
  }
}

/**
 * Signs in the way next-auth's client does: csrf token first (its cookie travels with the
 * context), then the credentials callback. Saves the signed-in state to `storagePath`.
 */
export async function signInOverHttp(baseURL: string, email: string, password: string, storagePath: string) {
  const context = await request.newContext({ baseURL });
  try {
    const csrf = await context.get('/api/auth/csrf');
    if (!csrf.ok()) throw new Error(`GET /api/auth/csrf answered ${csrf.status()}`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await context.post('/api/auth/callback/credentials', {
      form: { csrfToken, email, password, json: 'true' },
    });
    const state = await context.storageState();
    if (!state.cookies.some((cookie) => cookie.name === 'next-auth.session-token')) {
      throw new Error(
        `Signing in ${email} over HTTP gave no session cookie (status ${response.status()}): ${await response.text()}`,
      );
    }
    fs.mkdirSync(path.dirname(storagePath), { recursive: true });
    await context.storageState({ path: storagePath });
  } finally {
    await context.dispose();
  }
}
