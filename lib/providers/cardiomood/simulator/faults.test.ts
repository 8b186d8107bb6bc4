import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseClient, parseSimArgs } from './cli';
import { closeTestSimulators, TEST_CLIENT, testSimulator } from './testing';

afterEach(closeTestSimulators);

const DAY = '/user-summaries?date_from=2024-03-10&date_to=2024-03-10';
const MINUTE = 60_000;

describe('CardioMood simulator: rate limit', () => {
  it('answers 429 past the budget of a client app, with the headers, until the next clock minute', async () => {
    const { sim, clock, get, accessToken } = await testSimulator({ rateLimitPerMinute: 5 });
    const token = await accessToken(); // the code exchange is the first call of the minute
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 4; i++) {
      const answer = await get(DAY, token);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-ratelimit-limit')).toBe('5');
      remaining.push(answer.headers.get('x-ratelimit-remaining'));
    }
    expect(remaining).toEqual(['3', '2', '1', '0']);
    const limited = await get(DAY, token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(await limited.json()).toEqual({ message: 'Too Many Attempts.' });
    const refresh = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x', client_id: TEST_CLIENT.id }),
    });
    expect(refresh.status).toBe(429);

    clock.now += MINUTE;
    const next = await get(DAY, token);
    expect(next.status).toBe(200);
    expect(next.headers.get('x-ratelimit-remaining')).toBe('4');
    const calls = sim.admin.stats().calls[TEST_CLIENT.id];
    expect(calls).toEqual({ total: 8, limited: 2, byMinute: { '2024-03-15T12:00': 7, '2024-03-15T12:01': 1 } });
  });

  it('keeps one budget per client app', async () => {
    const { sim, get, accessToken } = await testSimulator({ rateLimitPerMinute: 2 });
    const token = await accessToken();
    await get(DAY, token);
    expect((await get(DAY, token)).status).toBe(429);
    sim.admin.registerClient({ id: 'other', secret: 'x', redirectUris: [TEST_CLIENT.redirectUri] });
    const { tokensByHttp } = await import('./sign-in');
    const other = await tokensByHttp({
      baseUrl: sim.url,
      client: { id: 'other', secret: 'x', redirectUri: TEST_CLIENT.redirectUri },
      username: 'user2',
    });
    expect((await get(DAY, other.access_token)).status).toBe(200);
  });
});

describe('CardioMood simulator: faults', () => {
  it('answers 500 at errorRate 1, set at start; the token endpoint is unaffected', async () => {
    const { get } = await testSimulator({ faults: { errorRate: 1 } });
    const answer = await get(DAY);
    expect(answer.status).toBe(500);
    expect(await answer.json()).toEqual({ message: 'Server Error' });
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('178');
  });

  it('fails the same calls on the same seed at a partial rate', async () => {
    const statuses = async () => {
      const { sim, get, accessToken } = await testSimulator();
      const token = await accessToken();
      sim.admin.setFaults({ errorRate: 0.5 });
      const seen: number[] = [];
      for (let i = 0; i < 20; i++) seen.push((await get(DAY, token)).status);
      return seen;
    };
    const first = await statuses();
    expect(first).toContain(200);
    expect(first).toContain(500);
    expect(await statuses()).toEqual(first);
  });

  it('adds latency', async () => {
    const { sim, get, accessToken } = await testSimulator();
    const token = await accessToken();
    sim.admin.setFaults({ latencyMs: 150 });
    const started = performance.now();
    expect((await get(DAY, token)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('sends invalid JSON at malformedRate 1', async () => {
    const { sim, get, accessToken } = await testSimulator();
    const token = await accessToken();
    sim.admin.setFaults({ malformedRate: 1 });
    const answer = await get(DAY, token);
    expect(answer.status).toBe(200);
    const text = await answer.text();
    expect(text.length).toBeGreaterThan(100);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('cuts answers in the middle at truncatedRate 1', async () => {
    const { sim, get, accessToken } = await testSimulator();
    const token = await accessToken();
    sim.admin.setFaults({ truncatedRate: 1 });
    await expect(get(DAY, token).then((answer) => answer.text())).rejects.toThrow();
    sim.admin.setFaults({ truncatedRate: 0 });
    expect((await get(DAY, token)).status).toBe(200);
  });

  it('answers every API call 429 during a rate-limit storm', async () => {
    const { sim, get, accessToken } = await testSimulator();
    const token = await accessToken();
    sim.admin.setFaults({ rateLimitStorm: true });
    const answer = await get(DAY, token);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
    sim.admin.setFaults({ rateLimitStorm: false });
    expect((await get(DAY, token)).status).toBe(200);
    expect(sim.admin.stats().calls[TEST_CLIENT.id]?.limited).toBe(1);
  });
});

/** Sends raw bytes and returns the status line the server answers with. */
function rawRequest(port: number, request: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('end', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

describe('CardioMood simulator: hostile input', () => {
  it('answers 4xx, never 5xx or a crash', async () => {
    const { sim, get, accessToken } = await testSimulator();
    const token = await accessToken();
    const big = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a'.repeat(1024 * 1024 + 1),
    });
    expect(big.status).toBe(413);
    const latin = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.from([0x67, 0x72, 0x61, 0x6e, 0x74, 0x3d, 0xff, 0xfe]),
    });
    expect(latin.status).toBe(400);
    for (const target of [
      '/%',
      '/v2/raw-metrics/%ZZ',
      '//user-summaries',
      '/admin/accounts/%FF/revoke',
      '/v2/raw-metrics/',
    ]) {
      const answer = await get(target, token);
      expect(answer.status, target).toBeGreaterThanOrEqual(400);
      expect(answer.status, target).toBeLessThan(500);
    }
    expect((await fetch(`${sim.url}/user-summaries`, { method: 'DELETE' })).status).toBe(405);
    expect((await get(DAY, 'x'.repeat(8000))).status).toBe(401);
    const bad = await fetch(`${sim.url}/admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"errorRate":',
    });
    expect(bad.status).toBe(400);
    const status = await rawRequest(
      sim.port,
      Buffer.concat([
        Buffer.from('GET /user-summaries?date_from='),
        Buffer.from([0xff, 0x00]),
        Buffer.from(' HTTP/1.1\r\n\r\n'),
      ]),
    );
    expect(status).toMatch(/^HTTP\/1\.1 4\d\d/);
    for (const target of ['//evil:99999/x', '*', 'http://other.example/user-summaries']) {
      const line = await rawRequest(
        sim.port,
        Buffer.from(`GET ${target} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`),
      );
      expect(line, target).toMatch(/^HTTP\/1\.1 4\d\d/);
    }
    expect((await get(DAY, token)).status).toBe(200);
  });

  it('answers any query string on the data API below 500', async () => {
    const { get, accessToken } = await testSimulator({ rateLimitPerMinute: 1_000_000 });
    const token = await accessToken();
    const field = fc.constantFrom(
      'date_from',
      'date_to',
      'include_slots',
      'per_page',
      'page',
      'from_date',
      'to_date',
      'from_client_date',
      'to_client_date',
    );
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom('2024-03-14', '2024-03-14T02:00:00', '2024-03-14T02:00:00.000+01:00', '1e308', '-1', '%', '%FF'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/user-summaries', '/v2/raw-metrics/activity', '/v2/raw-metrics/ppg1'),
        fc.array(fc.tuple(field, value), { maxLength: 5 }),
        async (path, pairs) => {
          const query = pairs.map(([k, v]) => `${k}=${v.includes('%') ? v : encodeURIComponent(v)}`).join('&');
          const answer = await get(`${path}?${query}`, token);
          await answer.arrayBuffer();
          expect(answer.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('scripts/sim.ts', () => {
  it('splits --client on the first two colons only, and merges repeated clients', () => {
    expect(parseClient('app:s3cret:http://localhost:3000/cb')).toEqual({
      id: 'app',
      secret: 's3cret',
      redirectUri: 'http://localhost:3000/cb',
    });
    const options = parseSimArgs([
      '--port',
      '0',
      '--accounts=5',
      '--client',
      'app:s3cret:http://localhost:3000/cb',
      '--client',
      'app:s3cret:cardiomood://example/redirect',
      '--rate-limit',
      '60',
      '--admin-token',
      'tok:en',
      '--password',
      'pw',
    ]);
    expect(options).toMatchObject({
      port: 0,
      accounts: 5,
      rateLimitPerMinute: 60,
      adminToken: 'tok:en',
      password: 'pw',
      clients: [
        { id: 'app', secret: 's3cret', redirectUris: ['http://localhost:3000/cb', 'cardiomood://example/redirect'] },
      ],
    });
    for (const bad of [
      ['--client', 'app:secret'],
      ['--client', '::x'],
      ['--port', '70000'],
      ['--accounts', 'many'],
      ['--colour', 'red'],
      ['--port'],
    ]) {
      expect(() => parseSimArgs(bad), bad.join(' ')).toThrow();
    }
  });

  it('serves until SIGTERM, then stops cleanly', async () => {
    const root = path.resolve(import.meta.dirname, '../../../..');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/sim.ts', '--port', '0', '--client', 'app:s3cret:http://localhost:3000/cb'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1] && output.includes('client:')) resolve(match[1]);
      });
      child.on('exit', () => reject(new Error(`sim exited early: ${output}`)));
    });
    expect(output).toContain('app → http://localhost:3000/cb');
    const page = await fetch(
      `${url}/oauth/authorize?client_id=app&redirect_uri=http://localhost:3000/cb&response_type=code`,
    );
    expect(page.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
