import fs from 'node:fs';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { deliveries, events } from '@/db/schema';
import type { Db } from '@/db/client';
import type { CountingReceiver } from './counting-receiver';

/** One row of the fault suite's table (docs/faults.md): the same shape for every case. */
export interface FaultCase {
  case: string;
  /** Deliveries written to the outbox (one per event and destination), or for CardioMood the events a faultless run makes. */
  produced: number;
  /** Of those, how many arrived (counted once each). */
  delivered: number;
  /** Arrivals beyond the first of the same delivery. */
  duplicated: number;
  /** Produced and never arrived, or data a faultless run has and the faulted one lacks. Must be 0. */
  lost: number;
  /** From the fault clearing until everything produced so far had arrived; null where nothing recovers. */
  recoverySeconds: number | null;
  notes: string;
}

/** `npm run test:faults` sets FAULTS_FULL=1: full sizes. Inside `npm test` the same cases run small. */
export const faultsFull = process.env.FAULTS_FULL === '1';
export const sized = <T>(short: T, full: T): T => (faultsFull ? full : short);

/** Writes the row where `npm run test:faults` gathers the table (lib/testing/fault-summary.ts), and logs it. */
export function reportFaultCase(reported: FaultCase): void {
  const { produced, delivered, duplicated, lost, recoverySeconds, notes } = reported;
  const row: FaultCase = { case: reported.case, produced, delivered, duplicated, lost, recoverySeconds, notes };
  console.log(`[fault] ${JSON.stringify(row)}`);
  const dir = process.env.FAULTS_REPORT_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const slug = row.case.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  fs.writeFileSync(path.join(dir, `${slug}.json`), JSON.stringify(row));
}

export interface Route {
  destinationId: string;
  receiver: CountingReceiver;
}

/** Every delivery in the outbox to the routes' destinations: its event's trace id (what a receiver gets) and time. */
function produced(db: Db, routes: Route[]) {
  return db
    .select({ destinationId: deliveries.destinationId, traceId: events.traceId, createdAt: events.createdAt })
    .from(deliveries)
    .innerJoin(events, eq(events.id, deliveries.eventId))
    .where(
      inArray(
        deliveries.destinationId,
        routes.map((r) => r.destinationId),
      ),
    );
}

/**
 * Counts, for each destination, the deliveries in the outbox against the distinct event ids its
 * receiver got: what was produced, delivered once, delivered again, and never delivered.
 */
export async function countDeliveries(db: Db, routes: Route[]) {
  const rows = await produced(db, routes);
  let delivered = 0;
  let duplicated = 0;
  const missing: string[] = [];
  for (const { destinationId, receiver } of routes) {
    const arrivals = new Map<string, number>();
    for (const receipt of receiver.receipts) arrivals.set(receipt.id, (arrivals.get(receipt.id) ?? 0) + 1);
    for (const row of rows.filter((r) => r.destinationId === destinationId)) {
      const count = arrivals.get(row.traceId) ?? 0;
      if (count === 0) missing.push(row.traceId);
      else {
        delivered += 1;
        duplicated += count - 1;
      }
    }
  }
  return { produced: rows.length, delivered, duplicated, lost: missing.length, missing };
}

/**
 * Seconds from `clearedAt` (ms) until every delivery produced by then had arrived at its receiver
 * (its first arrival), 0 when all had arrived already; null when some never did.
 */
export async function secondsToRecover(db: Db, routes: Route[], clearedAt: number): Promise<number | null> {
  const rows = await produced(db, routes);
  let last = clearedAt;
  for (const { destinationId, receiver } of routes) {
    const firstArrival = new Map<string, number>();
    for (const r of receiver.receipts) if (!firstArrival.has(r.id)) firstArrival.set(r.id, r.receivedAt);
    for (const row of rows) {
      if (row.destinationId !== destinationId || row.createdAt.getTime() > clearedAt) continue;
      const arrived = firstArrival.get(row.traceId);
      if (arrived === undefined) return null;
      last = Math.max(last, arrived);
    }
  }
  return Math.round((last - clearedAt) / 100) / 10;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every `stepMs` until it holds (true) or `timeoutMs` passes (false). */
export async function waitFor(
  condition: () => Promise<boolean> | boolean,
  timeoutMs: number,
  stepMs = 50,
): Promise<boolean> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) return false;
    await sleep(stepMs);
  }
  return true;
}

/** `promise`, or an error naming `what` once `ms` have passed: a stuck step says which step it was. */
export async function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

export const secondsSince = (at: number) => Math.round((Date.now() - at) / 100) / 10;
