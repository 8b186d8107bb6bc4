import { randomUUID } from 'node:crypto';
import { events } from '@/db/schema';
import { type Ctx, withTransaction } from '../context';
import { fanOut } from '../delivery/fan-out';

export interface EventInput {
  type: string;
  /** The Terra user the event is about, when there is one. */
  userId?: string | null;
  /** The Terra event JSON exactly as it will be delivered. */
  body: Record<string, unknown>;
  /** The `terra-reference` of the request that caused it; a new one otherwise. */
  reference?: string;
}

export interface EmittedEvent {
  id: string;
  reference: string;
  /** Deliveries written to the outbox: one per enabled destination whose filter matches. */
  deliveries: number;
}

/** Writes an event and its deliveries (the outbox) in the caller's transaction. */
export async function emitEvent(ctx: Ctx, input: EventInput): Promise<EmittedEvent> {
  return withTransaction(ctx, (tx) => insertEvent(tx, input));
}

async function insertEvent(ctx: Ctx, input: EventInput): Promise<EmittedEvent> {
  const reference = input.reference ?? randomUUID();
  const [row] = await ctx.db
    .insert(events)
    .values({
      accountId: ctx.account.id,
      userId: input.userId ?? null,
      type: input.type,
      reference,
      traceId: randomUUID(),
      body: input.body,
    })
    .returning({ id: events.id });
  if (!row) throw new Error('event insert returned nothing');
  const deliveries = await fanOut(ctx, { id: row.id, type: input.type });
  return { id: row.id, reference, deliveries };
}
