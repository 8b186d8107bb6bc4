/**
 * REST latency over real HTTP: `GET /v2/daily` for a year of stored days (no samples, inline) and
 * `GET /v2/activity?with_samples=true` for a busy day, each at concurrency 1 and 16, against the
 * route handlers on a plain node HTTP server in its own process (bench/api-server.ts), on PGlite and,
 * with BENCH_DATABASE_URL or TEST_DATABASE_URL, on PostgreSQL. Target: Daily year p50 ≤ 50 ms at c=1.
 * Run: node --import tsx bench/api.ts [--short]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { machine, short, writeResult } from './machine';

const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const root = path.resolve(import.meta.dirname, '..');
const sizes = { days: short ? 30 : 365, requests: short ? 10 : 200, warmup: short ? 2 : 20 };
const concurrencies = [1, 16];

interface Ready {
  url: string;
  resetUrl: string;
  headers: Record<string, string>;
  userId: string;
  daily: { start: string; end: string; days: number };
  activity: { start: string; end: string; payloads: number; bytes: number };
}

/** Starts bench/api-server.ts and waits for its READY line. */
function startServer(engine: 'pglite' | 'postgres'): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/api-server.ts', engine, String(sizes.days)], {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      HEARTBRIDGE_ENCRYPTION_KEY: process.env.HEARTBRIDGE_ENCRYPTION_KEY ?? randomBytes(32).toString('base64'),
      HEARTBRIDGE_DATA_DIR: path.join(os.tmpdir(), `hb-bench-api-${process.pid}`),
      ...(postgresUrl ? { TEST_DATABASE_URL: postgresUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('READY '));
      if (line) resolve({ child, ready: JSON.parse(line.slice(6)) as Ready });
    });
    child.once('exit', (code) => reject(new Error(`bench/api-server.ts exited with ${code}: ${output}`)));
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (ms: number) => Number(ms.toFixed(1));

/** `total` requests from `concurrency` loops; each latency is request sent → whole body read. */
async function measure(
  ready: Ready,
  { path, query }: { path: string; query: Record<string, string> },
  concurrency: number,
  total: number,
  expected: number,
) {
  const url = `${ready.url}/v2/${path}?${new URLSearchParams(query)}`;
  const latencies: number[] = [];
  let next = 0;
  let bytes = 0;
  const started = performance.now();
  const loop = async () => {
    while (next < total) {
      next += 1;
      const t0 = performance.now();
      const response = await fetch(url, { headers: ready.headers });
      const text = await response.text();
      latencies.push(performance.now() - t0);
      bytes = text.length;
      const body = JSON.parse(text) as { data?: unknown[] };
      if (response.status !== 200 || body.data?.length !== expected) {
        throw new Error(`unexpected answer ${response.status}: ${text.slice(0, 200)}`);
      }
      await fetch(ready.resetUrl, { method: 'POST' }).then((r) => r.text());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    concurrency,
    requests: total,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? 0),
    requestsPerSecond: Number((total / seconds).toFixed(1)),
    answerBytes: bytes,
  };
}

async function run(engine: 'pglite' | 'postgres') {
  const { child, ready } = await startServer(engine);
  try {
    const base = { user_id: ready.userId, to_webhook: 'false' };
    const daily = { path: 'daily', query: { ...base, start_date: ready.daily.start, end_date: ready.daily.end } };
    const activity = {
      path: 'activity',
      query: { ...base, start_date: ready.activity.start, end_date: ready.activity.end, with_samples: 'true' },
    };
    const results = [];
    for (const [name, query, expected] of [
      [`daily, ${ready.daily.days} days`, daily, ready.daily.days],
      [`activity with samples, busy day (${ready.activity.payloads} sessions)`, activity, ready.activity.payloads],
    ] as const) {
      await measure(ready, query, 4, sizes.warmup, expected);
      for (const concurrency of concurrencies) {
        const result = {
          engine,
          request: name,
          ...(await measure(ready, query, concurrency, sizes.requests, expected)),
        };
        console.log(JSON.stringify(result));
        results.push(result);
      }
    }
    return results;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const engines: Array<'pglite' | 'postgres'> = postgresUrl ? ['pglite', 'postgres'] : ['pglite'];
const measurements: Awaited<ReturnType<typeof run>> = [];
for (const engine of engines) measurements.push(...(await run(engine)));
const yearP50 = (engine: string) =>
  measurements.find((m) => m.engine === engine && m.request.startsWith('daily') && m.concurrency === 1)?.p50Ms;
const result = {
  name: 'api',
  machine: machine(engines.join(' + ')),
  input: { dailyDays: sizes.days, requestsPerPoint: sizes.requests },
  measurements,
  target: 'GET /daily over a year: p50 ≤ 50 ms at concurrency 1',
  dailyYearP50Ms: Object.fromEntries(engines.map((engine) => [engine, yearP50(engine)])),
};
console.table(
  measurements.map(({ engine, request, concurrency, p50Ms, p99Ms, requestsPerSecond }) => ({
    engine,
    request,
    concurrency,
    p50Ms,
    p99Ms,
    requestsPerSecond,
  })),
);
writeResult('api', result);
