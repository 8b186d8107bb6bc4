/**
 * `npm run bench`: every benchmark in turn, each printing its table and writing bench/results/<name>.json.
 * Arguments pass through (`npm run bench -- --short`). Those that need PostgreSQL (BENCH_DATABASE_URL or
 * TEST_DATABASE_URL) are skipped, with a line saying so, when none is set.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const benchmarks = [
  { file: 'normalize.ts', postgres: false },
  { file: 'api.ts', postgres: false },
  { file: 'delivery.ts', postgres: true },
  { file: 'users.ts', postgres: true },
  { file: 'backfill.ts', postgres: true },
  { file: 'scheduler.ts', postgres: false },
  { file: 'ingest.ts', postgres: true },
];
const hasPostgres = Boolean(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL);
const failed: string[] = [];
for (const { file, postgres } of benchmarks) {
  if (postgres && !hasPostgres) {
    console.log(`\n— ${file}: skipped (needs BENCH_DATABASE_URL or TEST_DATABASE_URL)`);
    continue;
  }
  console.log(`\n— ${file}`);
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, file), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: process.env,
    },
  );
  if (run.status !== 0) failed.push(file);
}
if (failed.length) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exit(1);
}
