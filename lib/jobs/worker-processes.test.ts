import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listConnections } from '../connections/list-connections';
import { setCardiomoodIntegration } from '../integrations/set-integration';
import { connectorSimulator, connectUser, enableCardiomood } from '../testing/connector';
import { accountWithOwner } from '../testing/fixtures';
import { createTestDatabase } from '../testing/test-database';

// Several worker processes on one PostgreSQL share one budget per CardioMood client app.
const postgres = Boolean(process.env.TEST_DATABASE_URL);
const root = path.resolve(import.meta.dirname, '../..');
const workers: ChildProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  for (const cleanup of cleanups) await cleanup();
});

describe.skipIf(!postgres)('two worker processes', () => {
  it('poll every due connection and make no more CardioMood calls than the budget allows', async () => {
    const limit = 120;
    const database = await createTestDatabase('postgres');
    const { sim } = await connectorSimulator({ rateLimitPerMinute: limit, start: Date.now() });
    cleanups.push(
      () => sim.close(),
      () => database.destroy(),
    );
    // The simulator's clock is the real one here: the workers run in real time.
    const { owner } = await accountWithOwner(database.db);
    await enableCardiomood(owner, sim, limit);
    await setCardiomoodIntegration({ ctx: owner, input: { lookbackDays: 1 } }); // 11 calls a poll at most
    for (const user of ['user1', 'user2', 'user3', 'user4']) await connectUser(database.db, owner, user);
    const before = sim.admin.stats().calls['heartbridge-test']?.total ?? 0;

    for (let i = 0; i < 2; i++) {
      const worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn', HEARTBRIDGE_WORKER_CONCURRENCY: '3' },
        stdio: 'inherit',
      });
      workers.push(worker);
    }
    const started = Date.now();
    const polled = async () => (await listConnections({ ctx: owner })).filter((c) => c.lastPollAt !== null).length;
    while (Date.now() - started < 75_000 && (await polled()) < 4) await new Promise((r) => setTimeout(r, 1000));
    const elapsedSeconds = (Date.now() - started) / 1000;
    expect(workers.map((w) => w.exitCode)).toEqual([null, null]); // both still running
    for (const worker of workers) worker.kill('SIGTERM');

    const calls = sim.admin.stats().calls['heartbridge-test'];
    const made = (calls?.total ?? 0) - before;
    expect(calls?.limited ?? 0).toBe(0); // CardioMood never had to refuse a call
    // The budget: a burst of 10 % of the limit, then 90 % of the limit a minute.
    expect(made).toBeLessThanOrEqual(Math.floor(limit * 0.1) + Math.ceil(((limit * 0.9) / 60) * elapsedSeconds) + 1);
    expect(await polled()).toBe(4);
  }, 120_000);
});
