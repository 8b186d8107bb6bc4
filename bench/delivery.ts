/**
 * Delivery speed on a real PostgreSQL with one `npm run worker` process and a local keep-alive
 * webhook receiver: (a) throughput for a burst of events, (b) latency from outbox commit to receipt
 * at 200 events/s, (c) the floor: the same receiver under a plain keep-alive POST loop at the
 * worker's concurrency to one destination, no database; (d) the outbox's own bookkeeping per
 * delivery (claim, load, record the attempt), no HTTP, no pg-boss: what bounds (a) from above;
 * (e) scale-out: (a) again with a second worker process on the same database.
 * Targets: (a) ≥ 50 % of (c); (b) p99 ≤ 100 ms.
 * Run: node --import tsx bench/delivery.ts [--short]   (BENCH_DATABASE_URL or TEST_DATABASE_URL)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { type Ctx, withTransaction } from '@/lib/context';
import { addDestination } from '@/lib/destinations/add-destination';
import { loadDeliveries } from '@/lib/delivery/load-deliveries';
import { recordAttempts } from '@/lib/delivery/record-attempts';
import { emitEvent } from '@/lib/events/emit-event';
import { dispatcherLimits } from '@/lib/jobs/delivery-dispatcher';
import { claimDueDeliveries } from '@/lib/jobs/due-deliveries';
import { accountWithOwner } from '@/lib/testing/fixtures';
import { createTestDatabase } from '@/lib/testing/test-database';
import { startCountingReceiver } from '@/lib/testing/counting-receiver';
import { machine, median, short, writeResult } from './machine';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!serverUrl) {
  console.error('bench/delivery.ts needs BENCH_DATABASE_URL or TEST_DATABASE_URL (a PostgreSQL server).');
  process.exit(1);
}
process.env.TEST_DATABASE_URL = serverUrl; // createTestDatabase makes (and drops) a throwaway database there
process.env.HEARTBRIDGE_ALLOW_PRIVATE_DESTINATIONS = '127.0.0.1/32';
process.env.HEARTBRIDGE_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
process.env.HEARTBRIDGE_DATA_DIR ??= path.join(os.tmpdir(), `hb-bench-${process.pid}`);

const sizes = {
  burst: short ? 300 : 5000,
  burstRuns: short ? 1 : 3,
  ratePerSecond: 200,
  rateSeconds: short ? 2 : 10,
  floorSeconds: short ? 1 : 5,
  floorRuns: short ? 1 : 3,
  concurrency: dispatcherLimits.perDestination, // the worker's attempts in flight to one destination
  bookkeeping: short ? 500 : 5000,
};
const root = path.resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Every receipt is filed under the phase its body names, with the commit-time clock it carries.
const byPhase = new Map<string, { ids: Set<string>; requests: number; latencies: number[]; last: number }>();
const phase = (name: string) => {
  let entry = byPhase.get(name);
  if (!entry) {
    entry = { ids: new Set(), requests: 0, latencies: [], last: 0 };
    byPhase.set(name, entry);
  }
  return entry;
};
const receiver = await startCountingReceiver({
  onReceipt: ({ id, body, receivedAt }) => {
    const { phase: name, sentAt } = JSON.parse(body) as { phase: string; sentAt?: number };
    const entry = phase(name);
    entry.requests += 1;
    entry.last = receivedAt;
    if (!entry.ids.has(id) && sentAt) entry.latencies.push(receivedAt - sentAt);
    entry.ids.add(id);
  },
});
const database = await createTestDatabase('postgres');
const workers: ChildProcess[] = [];
const startWorker = () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
    stdio: 'inherit',
  });
  workers.push(child);
  return child;
};
async function stopWorkers() {
  await Promise.all(
    workers.splice(0).map(async (child) => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }),
  );
}

async function waitForPhase(name: string, count: number, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (phase(name).ids.size < count) {
    if (Date.now() - started > timeoutMs) return false;
    await sleep(2);
  }
  return true;
}

/** Rows inserted, updated and deleted in the bench's database so far, pg-boss's included. */
async function rowWrites(): Promise<number> {
  await sleep(11_000); // idle backends flush their statistics within 10 s
  const [row] = rowsOf<{ writes: string }>(
    await database.db.execute(sql`
      select tup_inserted + tup_updated + tup_deleted as writes from pg_stat_database where datname = current_database()`),
  );
  return Number(row?.writes ?? 0);
}

/** (a) K events committed in one transaction; time from the commit until the receiver has every one. */
async function burst(owner: Ctx, run: number) {
  const name = `burst-${run}`;
  await withTransaction(owner, async (tx) => {
    for (let n = 0; n < sizes.burst; n++) await emitEvent(tx, { type: 'activity', body: { phase: name, n } });
  });
  const committed = Date.now();
  const complete = await waitForPhase(name, sizes.burst, 300_000);
  const seconds = ((complete ? phase(name).last : Date.now()) - committed) / 1000;
  return { deliveries: phase(name).ids.size, seconds, perSecond: phase(name).ids.size / seconds };
}

/** (b) One event a transaction at a fixed rate; latency from the body's clock (just before commit) to receipt. */
async function steadyRate(owner: Ctx) {
  const name = 'rate';
  const total = sizes.ratePerSecond * sizes.rateSeconds;
  const interval = 1000 / sizes.ratePerSecond;
  const started = performance.now();
  const emits: Promise<unknown>[] = [];
  for (let n = 0; n < total; n++) {
    const wait = started + n * interval - performance.now();
    if (wait > 0) await sleep(wait);
    emits.push(emitEvent(owner, { type: 'activity', body: { phase: name, n, sentAt: Date.now() } }));
  }
  await Promise.all(emits);
  const emitSeconds = (performance.now() - started) / 1000;
  await waitForPhase(name, total, 60_000);
  const sorted = [...phase(name).latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return {
    events: total,
    received: phase(name).ids.size,
    achievedRate: Math.round(total / emitSeconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

/** (c) The same receiver, a plain keep-alive POST loop at the same concurrency, no database. */
async function floor(run: number) {
  const name = `floor-${run}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: sizes.concurrency });
  const body = JSON.stringify({ phase: name, type: 'activity', n: 0 });
  const until = performance.now() + sizes.floorSeconds * 1000;
  let sent = 0;
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const id = `floor-${run}-${sent++}`;
      const request = http.request(receiver.url, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'webhook-id': id },
      });
      request.on('response', (response) => response.resume().on('end', resolve));
      request.on('error', reject);
      request.end(body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: sizes.concurrency }, async () => {
      while (performance.now() < until) await post();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { requests: sent, perSecond: sent / seconds };
}

/** (d) Claim, load and record K deliveries in batches as the dispatcher does, with a made-up 200 answer. */
async function bookkeeping(owner: Ctx) {
  await withTransaction(owner, async (tx) => {
    for (let n = 0; n < sizes.bookkeeping; n++) await emitEvent(tx, { type: 'activity', body: { phase: 'none', n } });
  });
  const answer = { statusCode: 200, excerpt: 'ok', retryAfter: null, error: null, durationMs: 1 };
  const started = performance.now();
  let recorded = 0;
  for (;;) {
    const claimed = await claimDueDeliveries(database.db, { now: new Date(), limit: 256, perDestination: 256 });
    if (!claimed.length) break;
    const loaded = await loadDeliveries(
      database.db,
      claimed.map((c) => c.id),
    );
    const startedAt = new Date();
    await recordAttempts(
      database.db,
      loaded.map((toSend) => ({
        toSend,
        startedAt,
        headers: signedHeaders,
        answer,
        outcome: 'delivered' as const,
        attempts: 1,
        status: 'delivered' as const,
        nextAttemptAt: startedAt,
      })),
    );
    recorded += claimed.length;
  }
  return { deliveries: recorded, perSecond: recorded / ((performance.now() - started) / 1000) };
}
// The size of what a real attempt records: both signatures, the trace and ordering headers.
const signedHeaders = {
  'terra-signature': `t=1700000000,v1=${'a'.repeat(64)}`,
  'x-terra-signature': `t=1700000000,v1=${'a'.repeat(64)}`,
  'webhook-id': randomUUIDLike(),
  'webhook-timestamp': '1700000000',
  'webhook-signature': `v1,${'b'.repeat(44)}`,
  'terra-reference': randomUUIDLike(),
  'x-terra-trace-id': randomUUIDLike(),
  'x-terra-ordering-timestamp': new Date(0).toISOString(),
};
function randomUUIDLike() {
  return randomBytes(18).toString('hex');
}

try {
  const { owner } = await accountWithOwner(database.db, 'Bench account');
  await addDestination({ ctx: owner, input: { kind: 'webhook', url: receiver.url } });
  startWorker();
  // Warm-up: the worker is up, pg-boss's schema made and a keep-alive connection open.
  await emitEvent(owner, { type: 'activity', body: { phase: 'warm-up' } });
  if (!(await waitForPhase('warm-up', 1, 60_000))) throw new Error('the worker delivered nothing within 60 s');

  const bursts = [];
  const writesBefore = await rowWrites();
  for (let run = 0; run < sizes.burstRuns; run++) bursts.push(await burst(owner, run));
  // Every row written per event, from its insert to its recorded delivery: outbox, attempts and pg-boss.
  const writesPerEvent = Number(((await rowWrites()) - writesBefore) / (sizes.burst * sizes.burstRuns)).toFixed(1);
  const rate = await steadyRate(owner);
  const floors = [];
  for (let run = 0; run < sizes.floorRuns; run++) floors.push(await floor(run));
  // (e) scale-out: the same burst with a second worker process on the same database.
  startWorker();
  await emitEvent(owner, { type: 'activity', body: { phase: 'warm-up-2' } });
  await waitForPhase('warm-up-2', 1, 60_000);
  await sleep(3_000); // the second worker's pg-boss is up
  const twoWorkers = [];
  for (let run = 0; run < sizes.burstRuns; run++) twoWorkers.push(await burst(owner, 100 + run));
  await stopWorkers(); // (d) runs alone: the outbox with nobody else claiming from it
  const ceiling = await bookkeeping(owner);

  const throughput = Math.round(median(bursts.map((b) => b.perSecond)));
  const throughputTwo = Math.round(median(twoWorkers.map((b) => b.perSecond)));
  const floorPerSecond = Math.round(median(floors.map((f) => f.perSecond)));
  const duplicates = [...byPhase.values()].reduce((n, p) => n + p.requests - p.ids.size, 0);
  const result = {
    name: 'delivery',
    machine: machine('postgres'),
    sizes,
    throughput: {
      deliveriesPerSecond: throughput,
      runs: bursts.map((b) => ({ ...b, perSecond: Math.round(b.perSecond) })),
    },
    scaleOut: {
      workers: 2,
      deliveriesPerSecond: throughputTwo,
      ratioToOneWorker: Number((throughputTwo / throughput).toFixed(2)),
      runs: twoWorkers.map((b) => ({ ...b, perSecond: Math.round(b.perSecond) })),
    },
    latency: rate,
    floor: {
      requestsPerSecond: floorPerSecond,
      runs: floors.map((f) => ({ ...f, perSecond: Math.round(f.perSecond) })),
    },
    bookkeeping: { ...ceiling, perSecond: Math.round(ceiling.perSecond) },
    ratioToFloor: Number((throughput / floorPerSecond).toFixed(3)),
    bookkeepingRatioToFloor: Number((ceiling.perSecond / floorPerSecond).toFixed(3)),
    duplicates,
    rowWritesPerEvent: Number(writesPerEvent),
    targets: { ratioToFloor: '≥ 0.5', p99Ms: `≤ 100 at ${sizes.ratePerSecond}/s` },
    met: { ratioToFloor: throughput / floorPerSecond >= 0.5, p99: rate.p99Ms <= 100 },
  };
  console.table({
    [`(a) throughput, ${sizes.burst} events (median of ${sizes.burstRuns})`]: `${throughput} deliveries/s`,
    [`(b) latency at ${sizes.ratePerSecond}/s for ${sizes.rateSeconds} s: p50`]: `${rate.p50Ms} ms`,
    '(b) p99 (target ≤ 100 ms)': `${rate.p99Ms} ms`,
    [`(c) floor: POST loop, concurrency ${sizes.concurrency}, no database`]: `${floorPerSecond} requests/s`,
    '(a) ÷ (c) (target ≥ 0.5)': result.ratioToFloor,
    [`(d) bookkeeping alone, ${sizes.bookkeeping} deliveries`]: `${Math.round(ceiling.perSecond)} deliveries/s`,
    '(d) ÷ (c)': result.bookkeepingRatioToFloor,
    '(e) throughput with 2 worker processes': `${throughputTwo} deliveries/s (× ${(throughputTwo / throughput).toFixed(2)})`,
    'row writes per event (one destination, delivered at once)': writesPerEvent,
    'duplicate receipts': duplicates,
  });
  writeResult('delivery', result);
} finally {
  await stopWorkers();
  await receiver.close();
  await database.destroy();
}
