import { and, eq, inArray, sql } from 'drizzle-orm';
import { connections, events, payloads, rateBudgets, rawRecords } from '@/db/schema';
import type { Db } from '@/db/client';
import { syncConnection } from '../ingest/sync-connection';
import type { CountingReceiver } from './counting-receiver';

/**
 * The scheduler, on the simulator's clock: waits (moves the clock) until the connection's next poll
 * is due, then polls it as the sync job does. The shared rate budget keeps real time, so the time
 * skipped is taken off its clock too (a 60 s block lapses when 60 s are skipped).
 */
export async function pollWhenDue(
  db: Db,
  clock: { now: number },
  connectionId: string,
  options: { apiTimeoutMs?: number } = {},
) {
  const [connection] = await db
    .select({ nextPollAt: connections.nextPollAt })
    .from(connections)
    .where(eq(connections.id, connectionId));
  const skipMs = Math.max(0, (connection?.nextPollAt.getTime() ?? clock.now) - clock.now);
  clock.now += skipMs;
  if (skipMs > 0) {
    const skipped = sql`make_interval(secs => ${skipMs / 1000})`;
    await db.update(rateBudgets).set({
      updatedAt: sql`${rateBudgets.updatedAt} - ${skipped}`,
      blockedUntil: sql`${rateBudgets.blockedUntil} - ${skipped}`,
    });
  }
  const started = performance.now();
  const outcome = await syncConnection(db, connectionId, {
    now: new Date(clock.now),
    todaySamples: true, // whatever the real-time minute's budget did: the same data as a faultless run
    apiTimeoutMs: options.apiTimeoutMs,
  });
  return { outcome, waitedMs: skipMs, tookMs: performance.now() - started };
}

/** A JSON value with its object keys sorted: two payloads compare equal whatever order their keys came in. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What is stored for one user: raw answers by source and day, payloads by type and natural key. */
export async function storedData(db: Db, userId: string) {
  const raw = await db
    .select({ source: rawRecords.source, day: rawRecords.day, body: rawRecords.body })
    .from(rawRecords)
    .where(eq(rawRecords.userId, userId));
  const made = await db
    .select({ type: payloads.type, naturalKey: payloads.naturalKey, payload: payloads.payload })
    .from(payloads)
    .where(eq(payloads.userId, userId));
  return {
    raw: new Map(raw.map((r) => [`${r.source} ${r.day}`, r.body])),
    payloads: new Map(made.map((p) => [`${p.type} ${p.naturalKey}`, { type: p.type, json: canonical(p.payload) }])),
  };
}

export type StoredData = Awaited<ReturnType<typeof storedData>>;

/**
 * Compares what a faulted run kept with what a faultless run at the same instant keeps: every raw
 * answer and payload of the faultless run must be there, byte for byte; every raw answer kept must be
 * JSON (a malformed or cut-off answer is never kept).
 */
export function compareWithReference(faulted: StoredData, reference: StoredData) {
  const differentRaw = [...reference.raw].filter(([key, body]) => faulted.raw.get(key) !== body).map(([k]) => k);
  const differentPayloads = [...reference.payloads]
    .filter(([key, p]) => faulted.payloads.get(key)?.json !== p.json)
    .map(([k]) => k);
  const notJson = [...faulted.raw].filter(([, body]) => !parses(body)).map(([k]) => k);
  return { differentRaw, differentPayloads, notJson };
}

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Payloads of the reference whose content never reached the receiver in a data event. */
export function payloadsNeverDelivered(reference: StoredData, receiver: CountingReceiver): string[] {
  const arrived = new Set<string>();
  for (const receipt of receiver.receipts) {
    const body = JSON.parse(receipt.body) as { type?: string; data?: unknown[] };
    for (const item of body.data ?? []) arrived.add(`${body.type} ${canonical(item)}`);
  }
  return [...reference.payloads].filter(([, p]) => !arrived.has(`${p.type} ${p.json}`)).map(([k]) => k);
}

/** Data events that repeat, for the same user and type, a payload an earlier event already carried. */
export async function repeatedPayloadEvents(db: Db, userId: string): Promise<number> {
  const rows = await db
    .select({ type: events.type, body: events.body })
    .from(events)
    .where(and(eq(events.userId, userId), inArray(events.type, ['activity', 'body', 'daily', 'sleep', 'athlete'])));
  const seen = new Set<string>();
  let repeated = 0;
  for (const row of rows) {
    for (const item of (row.body as { data?: unknown[] }).data ?? []) {
      const key = `${row.type} ${canonical(item)}`;
      if (seen.has(key)) repeated += 1;
      seen.add(key);
    }
  }
  return repeated;
}
