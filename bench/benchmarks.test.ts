import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The benchmarks run here in their short mode so that they never rot; their figures are read from
// `npm run bench`, never asserted (timings belong to bench/, not to tests).
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-bench-'));

describe('benchmarks (short mode)', () => {
  it('normalize runs and writes its result file', async () => {
    await run(process.execPath, ['--import', 'tsx', 'bench/normalize.ts', '--short'], {
      cwd: root,
      env: { ...process.env, BENCH_RESULTS_DIR: resultsDir },
    });
    const result = JSON.parse(fs.readFileSync(path.join(resultsDir, 'normalize.json'), 'utf8'));
    expect(result).toMatchObject({ name: 'normalize', machine: { cores: expect.any(Number), node: process.version } });
    expect(result.input.payloads).toBeGreaterThan(3);
  }, 120_000);

  it('api runs over HTTP (PGlite, and PostgreSQL with TEST_DATABASE_URL) and writes its result file', async () => {
    await run(process.execPath, ['--import', 'tsx', 'bench/api.ts', '--short'], {
      cwd: root,
      env: { ...process.env, BENCH_RESULTS_DIR: resultsDir },
    });
    const result = JSON.parse(fs.readFileSync(path.join(resultsDir, 'api.json'), 'utf8'));
    expect(result).toMatchObject({ name: 'api', input: { dailyDays: 30 } });
    expect(result.measurements.length).toBe(process.env.TEST_DATABASE_URL ? 8 : 4);
  }, 180_000);

  const withPostgres = it.skipIf(!process.env.TEST_DATABASE_URL);

  withPostgres(
    'delivery runs against a worker process and writes its result file',
    async () => {
      await run(process.execPath, ['--import', 'tsx', 'bench/delivery.ts', '--short'], {
        cwd: root,
        env: { ...process.env, BENCH_RESULTS_DIR: resultsDir },
      });
      const result = JSON.parse(fs.readFileSync(path.join(resultsDir, 'delivery.json'), 'utf8'));
      expect(result).toMatchObject({ name: 'delivery', duplicates: 0 });
      expect(result.throughput.runs[0].deliveries).toBe(result.sizes.burst);
    },
    180_000,
  );

  withPostgres(
    'users runs its views and writes its result file',
    async () => {
      await run(process.execPath, ['--import', 'tsx', 'bench/users.ts', '--short'], {
        cwd: root,
        env: { ...process.env, BENCH_RESULTS_DIR: resultsDir },
      });
      const result = JSON.parse(fs.readFileSync(path.join(resultsDir, 'users.json'), 'utf8'));
      expect(Object.keys(result.query)).toHaveLength(7);
    },
    180_000,
  );

  withPostgres(
    'backfill runs a week of one user and writes its result file',
    async () => {
      await run(process.execPath, ['--import', 'tsx', 'bench/backfill.ts', '--short'], {
        cwd: root,
        env: { ...process.env, BENCH_RESULTS_DIR: resultsDir },
      });
      const result = JSON.parse(fs.readFileSync(path.join(resultsDir, 'backfill.json'), 'utf8'));
      expect(result.runs).toEqual([expect.objectContaining({ days: 7, status: 'done' })]);
    },
    180_000,
  );

  it('scheduler runs its scenarios in compressed time and writes its result file', async () => {
    await run(process.execPath, ['--import', 'tsx', 'bench/scheduler.ts', '--short'], {
      cwd: root,
      env: { ...process.env, BENCH_RESULTS_DIR: resultsDir },
    });
    const result = JSON.parse(fs.readFileSync(path.join(resultsDir, 'scheduler.json'), 'utf8'));
    expect(result.results).toHaveLength(5);
    for (const scenario of result.results) expect(scenario.pollsPerHour).toBeGreaterThan(0);
  }, 180_000);

  withPostgres(
    'ingest polls one user for a few hours and writes its result file',
    async () => {
      await run(process.execPath, ['--import', 'tsx', 'bench/ingest.ts', '--short'], {
        cwd: root,
        env: { ...process.env, BENCH_RESULTS_DIR: resultsDir },
      });
      const result = JSON.parse(fs.readFileSync(path.join(resultsDir, 'ingest.json'), 'utf8'));
      expect(result.runs.map((r: { mode: string }) => r.mode)).toEqual(['samples at every poll', 'samples once a day']);
      expect(result.runs[0].cardiomoodCalls).toBeGreaterThan(result.runs[1].cardiomoodCalls);
    },
    240_000,
  );
});
