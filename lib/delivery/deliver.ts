import { and, eq } from 'drizzle-orm';
import { accounts, deliveries, deliveryAttempts, destinations, events } from '@/db/schema';
import type { Db } from '@/db/client';
import { recordAudit } from '../audit/record-audit';
import { type Ctx, withTransaction } from '../context';
import { activeSecrets } from '../destinations/signing-secrets';
import { decrypt } from '../security/encryption';
import { classify, retryDelayMs } from './retry-policy';
import { senders } from './senders';
import { signDelivery } from './signing';

/** A destination failing this long without one success is disabled (Svix's rule). */
const disableAfterMs = 5 * 24 * 3_600_000;

export type DeliveryOutcome =
  | { status: 'delivered' | 'dead' | 'skipped' | 'missing' }
  | { status: 'retrying'; nextAttemptAt: Date };

/**
 * One attempt of one delivery: the event's JSON, signed, POSTed to the destination; the attempt
 * recorded; the delivery marked delivered, retried later or dead; the destination disabled on 410
 * or after 5 days of failures, with an audit entry.
 */
export async function deliverOne(
  db: Db,
  deliveryId: string,
  options: { random?: () => number } = {},
): Promise<DeliveryOutcome> {
  const [row] = await db
    .select({
      delivery: deliveries,
      event: events,
      destination: destinations,
      account: { id: accounts.id, devId: accounts.devId, name: accounts.name },
    })
    .from(deliveries)
    .innerJoin(events, eq(events.id, deliveries.eventId))
    .innerJoin(destinations, eq(destinations.id, deliveries.destinationId))
    .innerJoin(accounts, eq(accounts.id, deliveries.accountId))
    .where(eq(deliveries.id, deliveryId));
  if (!row) return { status: 'missing' };
  const { delivery, event, destination, account } = row;
  if (delivery.status === 'delivered' || delivery.status === 'dead') return { status: delivery.status };
  if (destination.status !== 'enabled') return { status: 'skipped' };

  const started = new Date();
  const body = JSON.stringify(event.body);
  const signature = signDelivery({
    body,
    secrets: activeSecrets(destination.signingSecrets, started),
    eventId: event.traceId,
    timestamp: Math.floor(started.getTime() / 1000),
  });
  const headers: Record<string, string> = {
    ...(signature as unknown as Record<string, string>),
    'x-terra-signature': signature['terra-signature'],
    'terra-reference': event.reference,
    'x-terra-trace-id': event.traceId,
    'x-terra-ordering-timestamp': event.createdAt.toISOString(),
  };
  const secrets = destination.secrets ? (JSON.parse(decrypt(destination.secrets)) as Record<string, unknown>) : {};
  const answer = await senders[destination.kind].send({ destination, secrets, event, body, headers });
  const result = answer.error ? { kind: 'retry' as const } : classify(answer.statusCode, answer.retryAfter);
  const attempts = delivery.attempts + 1;
  const dead = result.kind !== 'delivered' && (result.kind === 'gone' || attempts > destination.maxRetries);
  const nextAttemptAt = new Date(
    started.getTime() +
      retryDelayMs(attempts, result.kind === 'retry' ? result.retryAfterMs : undefined, options.random, {
        baseMs: destination.retryBaseSeconds * 1000,
        capMs: destination.retryCapSeconds * 1000,
      }),
  );

  const ctx: Ctx = { db, account, actor: { kind: 'system', name: 'delivery' } };
  await withTransaction(ctx, async (tx) => {
    await tx.db.insert(deliveryAttempts).values({
      accountId: account.id,
      deliveryId: delivery.id,
      startedAt: started,
      durationMs: answer.durationMs,
      statusCode: answer.statusCode,
      requestHeaders: headers,
      responseExcerpt: answer.excerpt,
      error: answer.error,
    });
    await tx.db
      .update(deliveries)
      .set({
        attempts,
        status: result.kind === 'delivered' ? 'delivered' : dead ? 'dead' : 'retrying',
        deliveredAt: result.kind === 'delivered' ? started : null,
        nextAttemptAt,
        lastStatusCode: answer.statusCode,
        lastError: answer.error ?? (result.kind === 'delivered' ? null : `HTTP ${answer.statusCode}`),
      })
      .where(and(eq(deliveries.accountId, account.id), eq(deliveries.id, delivery.id)));
    await updateDestinationHealth(tx, destination, result.kind, started);
  });
  if (result.kind === 'delivered') return { status: 'delivered' };
  return dead ? { status: 'dead' } : { status: 'retrying', nextAttemptAt };
}

async function updateDestinationHealth(
  ctx: Ctx,
  destination: typeof destinations.$inferSelect,
  outcome: 'delivered' | 'gone' | 'retry',
  now: Date,
) {
  const where = and(eq(destinations.accountId, ctx.account.id), eq(destinations.id, destination.id));
  if (outcome === 'delivered') {
    await ctx.db.update(destinations).set({ lastSuccessAt: now, failingSince: null }).where(where);
    return;
  }
  const failingSince = destination.failingSince ?? now;
  const reason =
    outcome === 'gone'
      ? 'The receiver answered 410 Gone.'
      : now.getTime() - failingSince.getTime() > disableAfterMs
        ? 'No successful delivery for 5 days.'
        : null;
  await ctx.db
    .update(destinations)
    .set(reason ? { failingSince, status: 'disabled', disabledReason: reason } : { failingSince })
    .where(where);
  if (reason) {
    await recordAudit(ctx, {
      action: 'destination.disabled',
      targetType: 'destination',
      targetId: destination.id,
      before: { status: 'enabled' },
      after: { status: 'disabled', reason },
    });
  }
}
