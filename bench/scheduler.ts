/**
 * Scheduler freshness: 10,000 connections against one client app's budget of 180 CardioMood calls a
 * minute, in compressed time. The real scheduler query (`duePolls`) picks the polls from a real
 * database; the budget has the real bucket's shape and the polls follow the real rules
 * (`lib/ingest/poll-policy.ts`); CardioMood is modelled (bench/scheduler-model.ts). Staleness of a
 * connection = how long CardioMood has held data Heartbridge has not polled yet, sampled every
 * simulated minute for every connection. Target: p95 ≤ 60 minutes.
 * Run: node --import tsx bench/scheduler.ts [--short]   (PostgreSQL with TEST_DATABASE_URL, else PGlite)
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db/client';
import { integrations } from '@/db/schema';
import { bucketShape, hasSpareBudget, nextPollDelayMs } from '@/lib/ingest/poll-policy';
import { duePolls } from '@/lib/jobs/due-polls';
import { accountWithOwner } from '@/lib/testing/fixtures';
import { createTestDatabase } from '@/lib/testing/test-database';
import { machine, short, writeResult } from './machine';
import { type ConnectionState, model, offsetOf, tokenTtlMs } from './scheduler-model';

process.env.HEARTBRIDGE_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
const minute = 60_000;
const hour = 60 * minute;
const sizes = short
  ? { connections: 1_000, perMinute: 18, warmupHours: 3, measuredHours: 6 }
  : { connections: 10_000, perMinute: 180, warmupHours: 12, measuredHours: 24 };
const pollInterval = 60;
const pollsPerTick = 200; // as lib/jobs/worker.ts
const tickMs = 15_000;

interface Scenario {
  name: string;
  wornShare: number;
  /** Whether token refreshes count against the API limit (the simulator counts them). */
  refreshCounted: boolean;
  /** The rules before this change: samples for every changed day, a fixed interval, a 10 %/90 % bucket. */
  before?: boolean;
}

const scenarios: Scenario[] = [
  { name: 'before: every changed day’s samples each poll', wornShare: 1, refreshCounted: true, before: true },
  { name: 'bands worn every day, refreshes counted', wornShare: 1, refreshCounted: true },
  { name: 'bands worn every day, refreshes not counted', wornShare: 1, refreshCounted: false },
  { name: 'bands worn 80 % of days, refreshes counted', wornShare: 0.8, refreshCounted: true },
  { name: 'bands worn 80 % of days, refreshes not counted', wornShare: 0.8, refreshCounted: false },
];

const database = await createTestDatabase();
const { owner } = await accountWithOwner(database.db, 'Scheduler bench');
const accountId = owner.account.id;
await database.db.insert(integrations).values({
  accountId,
  provider: 'CARDIOMOOD',
  enabled: true,
  clientId: 'bench',
  apiBaseUrl: 'http://127.0.0.1:9',
  authBaseUrl: 'http://127.0.0.1:9',
  pollIntervalMinutes: pollInterval,
  rateLimitPerMinute: sizes.perMinute,
});
await database.db.execute(sql`
  insert into connections (account_id, provider, provider_user_id, access_token, created_at)
  select ${accountId}, 'CARDIOMOOD', 'cm-' || n, 'x', '2026-01-01T00:00:00Z' from generate_series(1, ${sizes.connections}) n`);
const ids = rowsOf<{ id: string }>(await database.db.execute(sql`select id from connections order by id`)).map(
  (r) => r.id,
);

async function run(scenario: Scenario) {
  const population = model({ wornShare: scenario.wornShare, seed: 11 });
  const start = Date.parse('2026-03-02T00:00:00Z');
  const measureFrom = start + sizes.warmupHours * hour;
  const end = measureFrom + sizes.measuredHours * hour;
  const shape = scenario.before
    ? { capacity: Math.floor(sizes.perMinute * 0.1), refillPerMs: (sizes.perMinute * 0.9) / minute }
    : bucketShape(sizes.perMinute);
  // Connected long ago, last polled within the hour before the start, tokens of any age.
  const states: ConnectionState[] = ids.map((_, i) => {
    const lastPoll = start - Math.floor(((i * 7919) % 3600) * 1000);
    return { offsetMs: offsetOf(i, 11), lastPoll, tokenExpires: lastPoll + ((i * 104729) % tokenTtlMs) };
  });
  const index = new Map(ids.map((id, i) => [id, i]));
  const lastDataOf = new Map(ids.map((id, i) => [id, new Date(states[i]?.lastPoll ?? start)]));
  await database.db.execute(sql`
    update connections c set next_poll_at = v.next, last_poll_at = v.last, last_data_at = v.last
    from json_to_recordset(${JSON.stringify(ids.map((id, i) => ({ id, last: new Date(states[i]?.lastPoll ?? start), next: new Date((states[i]?.lastPoll ?? start) + pollInterval * minute) })))}::json)
      as v(id uuid, last timestamptz, next timestamptz)
    where c.id = v.id`);

  const histogram = new Map<number, number>(); // staleness in whole minutes → samples
  const worst = new Float64Array(ids.length);
  const calls = { summary: 0, samples: 0, refresh: 0, polls: 0 };
  const perMinuteCalls = new Map<number, number>();
  let now = start;
  let tokens = shape.capacity;
  let tokensAt = start;
  let nextSample = measureFrom;

  const advance = (to: number) => {
    for (; nextSample <= to && nextSample < end; nextSample += minute) {
      for (let i = 0; i < states.length; i++) {
        const staleness = population.staleness(i, states[i] as ConnectionState, nextSample);
        const bucket = Math.floor(staleness / minute);
        histogram.set(bucket, (histogram.get(bucket) ?? 0) + 1);
        if (staleness > (worst[i] ?? 0)) worst[i] = staleness;
      }
    }
    now = to;
  };
  const takeCall = () => {
    tokens = Math.min(shape.capacity, tokens + (now - tokensAt) * shape.refillPerMs);
    tokensAt = now;
    if (tokens < 1) {
      advance(now + Math.ceil((1 - tokens) / shape.refillPerMs));
      tokens = 1;
      tokensAt = now;
    }
    tokens -= 1;
    const m = Math.floor(now / minute);
    perMinuteCalls.set(m, (perMinuteCalls.get(m) ?? 0) + 1);
  };

  while (now < end) {
    const due = await duePolls(database.db, new Date(now), pollsPerTick);
    if (!due.length) {
      // Nothing due: on to the first scheduler tick at or after the next due poll.
      const [next] = rowsOf<{ at: Date | string | null }>(
        await database.db.execute(sql`select min(next_poll_at) as at from connections where status = 'active'`),
      );
      const dueAt = next?.at ? new Date(next.at).getTime() : end;
      advance(Math.min(end, Math.max(now + tickMs, Math.ceil(dueAt / tickMs) * tickMs)));
      continue;
    }
    const updates: Array<{ id: string; last: Date; next: Date; data: Date | null }> = [];
    for (const id of due) {
      const i = index.get(id) as number;
      const state = states[i] as ConnectionState;
      const spare = hasSpareBudget(perMinuteCalls.get(Math.floor(now / minute) - 1) ?? 0, sizes.perMinute);
      const found = population.poll(i, state, now, { spare, everyChangedDay: Boolean(scenario.before) });
      if (found.refresh) {
        if (scenario.refreshCounted) takeCall();
        state.tokenExpires = now + tokenTtlMs;
        if (now >= measureFrom) calls.refresh++;
      }
      for (let c = 0; c < found.summaryCalls + found.samplesCalls; c++) takeCall();
      state.lastPoll = now;
      if (now >= measureFrom) {
        calls.polls++;
        calls.summary += found.summaryCalls;
        calls.samples += found.samplesCalls;
      }
      const lastData = found.changed ? new Date(now) : null;
      const delay = scenario.before
        ? pollInterval * minute
        : nextPollDelayMs(pollInterval, lastData ?? lastDataOf.get(id) ?? null, new Date(start), new Date(now));
      if (lastData) lastDataOf.set(id, lastData);
      updates.push({ id, last: new Date(now), next: new Date(now + delay), data: lastData });
    }
    await database.db.execute(sql`
      update connections c set last_poll_at = v.last, next_poll_at = v.next, last_data_at = coalesce(v.data, c.last_data_at)
      from json_to_recordset(${JSON.stringify(updates)}::json) as v(id uuid, last timestamptz, next timestamptz, data timestamptz)
      where c.id = v.id`);
  }

  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  const quantile = (q: number) => {
    let seen = 0;
    for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
      seen += histogram.get(bucket) ?? 0;
      if (seen >= q * total) return bucket;
    }
    return 0;
  };
  const worstSorted = [...worst].sort((a, b) => a - b);
  const hours = sizes.measuredHours;
  return {
    scenario: scenario.name,
    stalenessMinutes: { p50: quantile(0.5), p95: quantile(0.95), p99: quantile(0.99), max: quantile(1) },
    worstPerConnectionMinutes: {
      p50: Math.round((worstSorted[Math.floor(worstSorted.length / 2)] ?? 0) / minute),
      p95: Math.round((worstSorted[Math.floor(worstSorted.length * 0.95)] ?? 0) / minute),
    },
    pollsPerHour: Math.round(calls.polls / hours),
    callsPerHour: {
      summaries: Math.round(calls.summary / hours),
      samples: Math.round(calls.samples / hours),
      refreshes: scenario.refreshCounted ? Math.round(calls.refresh / hours) : 0,
    },
  };
}
try {
  const results = [];
  for (const scenario of scenarios) {
    const started = performance.now();
    results.push({ ...(await run(scenario)), seconds: Math.round((performance.now() - started) / 1000) });
  }
  console.log(
    `\nScheduler freshness: ${sizes.connections.toLocaleString('en')} connections, ${sizes.perMinute} calls/min, ` +
      `${sizes.measuredHours} h measured after ${sizes.warmupHours} h (target p95 ≤ 60 min)\n`,
  );
  console.table(
    results.map((r) => ({
      scenario: r.scenario,
      'p50 min': r.stalenessMinutes.p50,
      'p95 min': r.stalenessMinutes.p95,
      'p99 min': r.stalenessMinutes.p99,
      'max min': r.stalenessMinutes.max,
      'polls/h': r.pollsPerHour,
      'summary/samples/refresh calls/h': `${r.callsPerHour.summaries}/${r.callsPerHour.samples}/${r.callsPerHour.refreshes}`,
    })),
  );
  const file = writeResult('scheduler', {
    name: 'scheduler',
    machine: machine(database.url ? 'PostgreSQL' : 'PGlite'),
    sizes,
    pollIntervalMinutes: pollInterval,
    results,
  });
  console.log(`written ${file}`);
} finally {
  await database.destroy();
}
