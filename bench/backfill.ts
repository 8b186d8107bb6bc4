/**
 * Backfill of one user's CardioMood history from the simulator (rate limit raised for the run): days
 * processed per second and the process's peak memory, for a month, six months and a year. Memory must
 * stay flat as the range grows (target: peak RSS ≤ 512 MB for the year). The simulator runs in the same
 * process, so the RSS includes it: the growth from one range to the next is what to read.
 * Run: node --import tsx bench/backfill.ts [--short]   (BENCH_DATABASE_URL or TEST_DATABASE_URL)
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { startBackfill } from '@/lib/backfills/start-backfill';
import { accountWithOwner } from '@/lib/testing/fixtures';
import { startBackfillWorker, waitForBackfill } from '@/lib/testing/backfill-worker';
import { connectorSimulator, connectUser, enableCardiomood } from '@/lib/testing/connector';
import { createTestDatabase } from '@/lib/testing/test-database';
import { machine, short, writeResult } from './machine';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!serverUrl) {
  console.error('bench/backfill.ts needs BENCH_DATABASE_URL or TEST_DATABASE_URL (a PostgreSQL server).');
  process.exit(1);
}
process.env.TEST_DATABASE_URL = serverUrl;
process.env.HEARTBRIDGE_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
process.env.HEARTBRIDGE_DATA_DIR ??= path.join(os.tmpdir(), `hb-bench-backfill-${process.pid}`);

const ranges = short ? [7] : [30, 182, 365];
const day = 86_400_000;
const database = await createTestDatabase('postgres');
const { sim } = await connectorSimulator({ rateLimitPerMinute: 100_000, start: Date.now() });

let peak = 0;
const sample = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);

try {
  const { owner } = await accountWithOwner(database.db, 'Bench account');
  await enableCardiomood(owner, sim, 100_000);
  const worker = await startBackfillWorker(database);
  const runs = [];
  try {
    for (const [i, days] of ranges.entries()) {
      // A user of its own for each range, so that no day was fetched before.
      const { userId } = await connectUser(database.db, owner, `user${i + 1}`);
      const to = new Date(Date.now() - day).toISOString().slice(0, 10);
      const from = new Date(Date.parse(to) - days * day).toISOString().slice(0, 10);
      global.gc?.();
      peak = process.memoryUsage().rss;
      const started = performance.now();
      const backfill = await startBackfill({
        ctx: owner,
        input: { userId, from, to, dataTypes: ['activity', 'body', 'daily', 'sleep'] },
      });
      const done = await waitForBackfill(database, backfill.id, 3_600_000);
      const seconds = (performance.now() - started) / 1000;
      runs.push({
        days,
        status: done.status,
        seconds: Number(seconds.toFixed(1)),
        daysPerSecond: Number((days / seconds).toFixed(2)),
        peakRssMB: Math.round(peak / 2 ** 20),
      });
      console.log(runs.at(-1));
    }
  } finally {
    await worker.stop();
  }
  const year = runs.find((r) => r.days === 365);
  const result = {
    name: 'backfill',
    machine: machine('postgres'),
    note: 'peak RSS of the one process that runs the backfill worker and the simulator',
    runs,
    target: 'peak RSS ≤ 512 MB for a year, flat as the range grows',
    met: year ? year.peakRssMB <= 512 : null,
  };
  console.table(Object.fromEntries(runs.map((r) => [`${r.days} days`, r])));
  writeResult('backfill', result);
} finally {
  clearInterval(sample);
  await sim.close();
  await database.destroy();
}
