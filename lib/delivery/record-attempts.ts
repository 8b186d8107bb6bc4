import { and, eq, sql } from 'drizzle-orm';
import { connections, deliveries, deliveryAttempts, destinations } from '@/db/schema';
import type { Db } from '@/db/client';
import { recordAudit } from '../audit/record-audit';
import type { Ctx } from '../context';
import { purgeDeauthEvents } from '../data-rights/purge-deauth-events';
import type { Attempt } from './attempt-delivery';

/** A destination failing this long without one success is disabled (Svix's rule). */
const disableAfterMs = 5 * 24 * 3_600_000;

/**
 * Records a batch of attempts in one transaction: one row each in `delivery_attempts`, each delivery's
 * new state, and each destination's health (disabled on 410 or after 5 days without a success, audited).
 */
export async function recordAttempts(db: Db, attempts: Attempt[]): Promise<void> {
  if (attempts.length === 0) return;
  await db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    await insertAttempts(txDb, attempts);
    await updateDeliveries(txDb, attempts);
    await updateLastWebhook(txDb, attempts);
    const deauths = attempts.filter((a) => a.toSend.event.type === 'deauth').map((a) => a.toSend.event.id);
    if (deauths.length) await purgeDeauthEvents(txDb, { eventIds: deauths }); // erased users' last event
    for (const group of byDestination(attempts)) {
      const { account, destination } = group[0].toSend;
      const ctx: Ctx = { db: txDb, account, actor: { kind: 'system', name: 'delivery' }, inTransaction: true };
      await updateDestinationHealth(ctx, destination, group);
    }
  });
}

function byDestination(attempts: Attempt[]): [Attempt, ...Attempt[]][] {
  const groups = new Map<string, [Attempt, ...Attempt[]]>();
  for (const attempt of attempts) {
    const group = groups.get(attempt.toSend.destination.id);
    if (group) group.push(attempt);
    else groups.set(attempt.toSend.destination.id, [attempt]);
  }
  // Always in the same order, so that concurrent recorders lock destination rows without deadlocking.
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([, group]) => group);
}

/**
 * Every attempt of the batch in one statement with one parameter: cheaper than 8 parameters a row.
 * A delivery deleted meanwhile (its user deauthenticated, its destination removed) gets none.
 */
async function insertAttempts(db: Db, attempts: Attempt[]) {
  const rows = attempts.map(({ toSend, startedAt, headers, answer }) => ({
    account_id: toSend.account.id,
    delivery_id: toSend.delivery.id,
    started_at: startedAt.toISOString(),
    duration_ms: answer.durationMs,
    status_code: answer.statusCode,
    request_headers: headers,
    response_excerpt: answer.excerpt,
    error: answer.error,
  }));
  await db.execute(sql`
    insert into ${deliveryAttempts}
      (account_id, delivery_id, started_at, duration_ms, status_code, request_headers, response_excerpt, error)
    select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(
      account_id uuid, delivery_id uuid, started_at timestamptz, duration_ms int, status_code int,
      request_headers jsonb, response_excerpt text, error text)
    where exists (select 1 from ${deliveries} d where d.id = v.delivery_id)`);
}

/**
 * Every delivery of the batch in one statement, its new states passed as one JSON array. The claim
 * ends with the attempt: a retry is claimed again when it comes due, not when the claim would lapse.
 */
async function updateDeliveries(db: Db, attempts: Attempt[]) {
  const rows = attempts.map((a) => ({
    id: a.toSend.delivery.id,
    account_id: a.toSend.account.id,
    attempts: a.attempts,
    status: a.status,
    delivered_at: a.status === 'delivered' ? a.startedAt.toISOString() : null,
    next_attempt_at: a.nextAttemptAt.toISOString(),
    last_status_code: a.answer.statusCode,
    last_error: a.answer.error ?? (a.status === 'delivered' ? null : `HTTP ${a.answer.statusCode}`),
  }));
  await db.execute(sql`
    update ${deliveries} d set
      attempts = v.attempts,
      status = v.status,
      delivered_at = v.delivered_at,
      next_attempt_at = v.next_attempt_at,
      last_status_code = v.last_status_code,
      last_error = v.last_error,
      queued_until = null
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(
      id uuid, account_id uuid, attempts int, status text, delivered_at timestamptz,
      next_attempt_at timestamptz, last_status_code int, last_error text)
    where d.id = v.id and d.account_id = v.account_id`);
}

/** Each user's latest successful delivery, shown as Terra's `last_webhook_update` and on the Users page. */
async function updateLastWebhook(db: Db, attempts: Attempt[]) {
  const latest = new Map<string, string>();
  for (const { toSend, outcome, startedAt } of attempts) {
    const userId = toSend.event.userId;
    if (outcome !== 'delivered' || !userId) continue;
    const at = startedAt.toISOString();
    if ((latest.get(userId) ?? '') < at) latest.set(userId, at);
  }
  if (latest.size === 0) return;
  const at = JSON.stringify(Object.fromEntries(latest));
  // Rows locked in id order, as every recorder does, so that two recorders never deadlock.
  await db.execute(sql`
    with locked as (
      select id from ${connections}
      where id in (select jsonb_object_keys(${at}::jsonb)::uuid)
      order by id
      for update
    )
    update ${connections} c
    set last_webhook_at = greatest(c.last_webhook_at, (${at}::jsonb ->> c.id::text)::timestamptz)
    from locked where c.id = locked.id`);
}

/** One update per destination and batch: the latest success clears the failing streak; a 410 disables. */
async function updateDestinationHealth(ctx: Ctx, destination: Attempt['toSend']['destination'], group: Attempt[]) {
  const where = and(eq(destinations.accountId, ctx.account.id), eq(destinations.id, destination.id));
  const gone = group.some((a) => a.outcome === 'gone');
  const successes = group.filter((a) => a.outcome === 'delivered');
  if (!gone && successes.length) {
    const lastSuccessAt = new Date(Math.max(...successes.map((a) => a.startedAt.getTime())));
    await ctx.db.update(destinations).set({ lastSuccessAt, failingSince: null }).where(where);
    return;
  }
  const now = new Date(Math.max(...group.map((a) => a.startedAt.getTime())));
  const failingSince = destination.failingSince ?? now;
  const reason = gone
    ? 'The receiver answered 410 Gone.'
    : now.getTime() - failingSince.getTime() > disableAfterMs
      ? 'No successful delivery for 5 days.'
      : null;
  await ctx.db
    .update(destinations)
    .set(reason ? { failingSince, status: 'disabled', disabledReason: reason } : { failingSince })
    .where(where);
  if (reason && destination.status === 'enabled') {
    await recordAudit(ctx, {
      action: 'destination.disabled',
      targetType: 'destination',
      targetId: destination.id,
      before: { status: 'enabled' },
      after: { status: 'disabled', reason },
    });
  }
}
