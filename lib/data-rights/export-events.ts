import { asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { deliveries, deliveryAttempts, destinations, events, inboxMessages } from '@/db/schema';
import type { Ctx } from '../context';
import { exactTime, keyset } from './keyset';
import { theirEvents } from './their-rows';

const eventBatch = 200;

/**
 * The user's events in emission order, each with its deliveries (to which destination, how it ended)
 * and every attempt (when, how long, the answer's status and first 2 KB, the error). Request headers
 * carry signatures and are left out.
 */
export function eventsWithDeliveries(ctx: Ctx, user: string, reference: string | null) {
  return keyset(eventBatch, async (after: { seq: number } | undefined, limit) => {
    const rows = await ctx.db
      .select()
      .from(events)
      .where(sql`${theirEvents(ctx, user, reference)} and ${after ? gt(events.seq, after.seq) : sql`true`}`)
      .orderBy(asc(events.seq))
      .limit(limit);
    const ids = rows.map((e) => e.id);
    const sent = ids.length
      ? await ctx.db
          .select({ delivery: deliveries, destination: { name: destinations.name, kind: destinations.kind } })
          .from(deliveries)
          .innerJoin(destinations, eq(destinations.id, deliveries.destinationId))
          .where(sql`${deliveries.accountId} = ${ctx.account.id} and ${inArray(deliveries.eventId, ids)}`)
          .orderBy(asc(deliveries.createdAt), asc(deliveries.id))
      : [];
    const deliveryIds = sent.map((s) => s.delivery.id);
    const tries = deliveryIds.length
      ? await ctx.db
          .select()
          .from(deliveryAttempts)
          .where(inArray(deliveryAttempts.deliveryId, deliveryIds))
          .orderBy(asc(deliveryAttempts.startedAt), asc(deliveryAttempts.id))
      : [];
    return rows.map((event) => ({
      key: { seq: event.seq },
      item: {
        event_id: event.id,
        seq: event.seq,
        type: event.type,
        reference: event.reference,
        trace_id: event.traceId,
        created_at: event.createdAt,
        body: event.body,
        deliveries: sent
          .filter((s) => s.delivery.eventId === event.id)
          .map(({ delivery, destination }) => ({
            delivery_id: delivery.id,
            destination_id: delivery.destinationId,
            destination_name: destination.name,
            destination_kind: destination.kind,
            status: delivery.status,
            attempts: delivery.attempts,
            created_at: delivery.createdAt,
            delivered_at: delivery.deliveredAt,
            last_status_code: delivery.lastStatusCode,
            last_error: delivery.lastError,
            attempt_log: tries
              .filter((a) => a.deliveryId === delivery.id)
              .map((a) => ({
                attempt_id: a.id,
                started_at: a.startedAt,
                duration_ms: a.durationMs,
                status_code: a.statusCode,
                response_excerpt: a.responseExcerpt,
                error: a.error,
              })),
          })),
      },
    }));
  });
}

/** What the built-in inbox received of the user's events, bodies verbatim (headers carry signatures: left out). */
export function inboxCopies(ctx: Ctx, user: string, reference: string | null) {
  return keyset(100, async (after: { at: string; id: string } | undefined, limit) => {
    const rows = await ctx.db
      .select({ message: inboxMessages, eventId: events.id, at: exactTime(inboxMessages.receivedAt) })
      .from(inboxMessages)
      .innerJoin(events, sql`${inboxMessages.headers} ->> 'webhook-id' = ${events.traceId}`)
      .where(
        sql`${inboxMessages.accountId} = ${ctx.account.id} and ${theirEvents(ctx, user, reference)} and ${
          after
            ? sql`(${inboxMessages.receivedAt}, ${inboxMessages.id}) > (${after.at}::timestamptz, ${after.id}::uuid)`
            : sql`true`
        }`,
      )
      .orderBy(asc(inboxMessages.receivedAt), asc(inboxMessages.id))
      .limit(limit);
    return rows.map(({ message, eventId, at }) => ({
      key: { at, id: message.id },
      item: {
        inbox_message_id: message.id,
        destination_id: message.destinationId,
        event_id: eventId,
        received_at: message.receivedAt,
        terra_signature_valid: message.terraSignatureValid,
        webhook_signature_valid: message.webhookSignatureValid,
        body: message.body,
      },
    }));
  });
}
