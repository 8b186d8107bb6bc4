/**
 * What one connected user costs a day, the inputs of the capacity model in docs/PERFORMANCE.md: a
 * user of the simulator polled every hour for a day (24 polls, after the first sync), once with
 * today's samples at every poll (a quiet client app) and once with samples only for ended days (a
 * busy one). Reports CardioMood calls, data events, rows written (pg_stat_database), the process's
 * CPU time (simulator included) and bytes stored per table (live data, after VACUUM FULL), per user-day.
 * Run: node --import tsx bench/ingest.ts [--short]   (BENCH_DATABASE_URL or TEST_DATABASE_URL)
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { rateBudgetMinutes } from '@/db/schema';
import { addDestination } from '@/lib/destinations/add-destination';
import { syncConnection } from '@/lib/ingest/sync-connection';
import { connectorSimulator, connectUser, enableCardiomood, simClient } from '@/lib/testing/connector';
import { accountWithOwner } from '@/lib/testing/fixtures';
import { createTestDatabase } from '@/lib/testing/test-database';
import { machine, short, writeResult } from './machine';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!serverUrl) {
  console.error('bench/ingest.ts needs BENCH_DATABASE_URL or TEST_DATABASE_URL (a PostgreSQL server).');
  process.exit(1);
}
process.env.TEST_DATABASE_URL = serverUrl;
process.env.HEARTBRIDGE_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
process.env.HEARTBRIDGE_DATA_DIR ??= path.join(os.tmpdir(), `hb-bench-ingest-${process.pid}`);
process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';

const hours = short ? 4 : 24;
const tables = ['raw_records', 'payloads', 'events', 'deliveries', 'connections'];
const database = await createTestDatabase('postgres');
const start = Date.parse('2026-03-15T00:00:00Z');
const { sim, clock } = await connectorSimulator({ rateLimitPerMinute: 100_000, start });
const budgetKey = `cardiomood:${simClient.id}`;

async function snapshot() {
  // Idle backends flush their statistics within 10 s (short mode does not wait: its figures are not read).
  await new Promise((resolve) => setTimeout(resolve, short ? 0 : 11_000));
  const [stats] = rowsOf<{ ins: string; upd: string; del: string; commits: string }>(
    await database.db.execute(sql`
      select tup_inserted as ins, tup_updated as upd, tup_deleted as del, xact_commit as commits
      from pg_stat_database where datname = current_database()`),
  );
  const bytes: Record<string, number> = {};
  for (const table of tables) {
    await database.db.execute(sql.raw(`vacuum full ${table}`)); // live data only, not the versions updates leave
    const [row] = rowsOf<{ size: string }>(
      await database.db.execute(sql`select pg_total_relation_size(${table}::regclass) as size`),
    );
    bytes[table] = Number(row?.size ?? 0);
  }
  const [events] = rowsOf<{ n: string }>(await database.db.execute(sql`select count(*) as n from events`));
  return { stats, bytes, events: Number(events?.n ?? 0), calls: sim.admin.stats().calls[simClient.id]?.total ?? 0 };
}

/** Makes the client app look busy: its whole limit used in the last clock minute. */
async function busyBudget() {
  const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
  await database.db
    .insert(rateBudgetMinutes)
    .values({ key: budgetKey, minute, calls: 100_000 })
    .onConflictDoUpdate({ target: [rateBudgetMinutes.key, rateBudgetMinutes.minute], set: { calls: 100_000 } });
}

try {
  const { owner } = await accountWithOwner(database.db, 'Ingest bench');
  await enableCardiomood(owner, sim, 100_000);
  await addDestination({ ctx: owner, input: { kind: 'webhook', url: 'http://127.0.0.1:9/' } });
  const runs = [];
  for (const [i, mode] of (['samples at every poll', 'samples once a day'] as const).entries()) {
    clock.now = start + 12 * 3_600_000;
    const { userId } = await connectUser(database.db, owner, `user${i + 1}`);
    await syncConnection(database.db, userId, { now: new Date(clock.now) }); // the first sync: the lookback days
    const before = await snapshot();
    const cpu = process.cpuUsage();
    for (let hour = 1; hour <= hours; hour++) {
      clock.now += 3_600_000;
      if (mode === 'samples once a day') await busyBudget();
      await syncConnection(database.db, userId, { now: new Date(clock.now) });
    }
    const used = process.cpuUsage(cpu);
    const after = await snapshot();
    const perDay = (value: number) => Math.round((value * 24) / hours);
    const delta = (key: 'ins' | 'upd' | 'del' | 'commits') =>
      perDay(Number(after.stats?.[key] ?? 0) - Number(before.stats?.[key] ?? 0));
    runs.push({
      mode,
      polls: perDay(hours),
      cardiomoodCalls: perDay(after.calls - before.calls),
      events: perDay(after.events - before.events),
      rowsInserted: delta('ins'),
      rowsUpdated: delta('upd'),
      commits: delta('commits'),
      // An upper bound: the simulator generating CardioMood's answers runs in this process too.
      cpuMs: perDay((used.user + used.system) / 1000),
      kBytes: Object.fromEntries(
        tables.map((t) => [t, Math.round(perDay((after.bytes[t] ?? 0) - (before.bytes[t] ?? 0)) / 1024)]),
      ),
    });
    console.log(runs.at(-1));
  }
  console.table(
    runs.map((r) => ({
      mode: r.mode,
      'calls/day': r.cardiomoodCalls,
      'events/day': r.events,
      'rows inserted/day': r.rowsInserted,
      'rows updated/day': r.rowsUpdated,
      'KB stored/day': Object.values(r.kBytes).reduce((a, b) => a + b, 0),
      'CPU ms/day (with the simulator)': Math.round(r.cpuMs),
    })),
  );
  writeResult('ingest', { name: 'ingest', machine: machine('postgres'), hours, runs });
} finally {
  await sim.close();
  await database.destroy();
}
