import type { connections } from '@/db/schema';
import { terraUser } from '../connections/terra-user';
import type { Ctx } from '../context';
import { planChunks } from '../data-requests/chunks';
import type { Bound } from '../data-requests/date-bounds';
import { payloadSizes, payloadsByIds } from '../data-requests/read-payloads';
import { emitEvent } from '../events/emit-event';
import { dataVersion } from '../ingest/normalize-days';
import type { PayloadType } from '../payloads/upsert-payload';

type Connection = typeof connections.$inferSelect;

export interface EmitRange {
  connection: Connection;
  type: PayloadType;
  start: Bound;
  end: Bound;
  withSamples: boolean;
  reference: string;
}

/** The chunks (payload ids, at most 10 or 10 MB each) the range's stored payloads make, oldest first. */
export async function planRange(ctx: Ctx, range: EmitRange): Promise<string[][]> {
  return planChunks(await payloadSizes(ctx, { ...range, userId: range.connection.id }));
}

/** Writes one data event per chunk under the range's reference, in the caller's transaction. */
export async function emitChunks(ctx: Ctx, range: EmitRange, chunks: string[][]): Promise<number> {
  let payloads = 0;
  for (const ids of chunks) {
    const data = await payloadsByIds(ctx, ids, range.withSamples);
    payloads += data.length;
    await emitDataEvent(ctx, range, data);
  }
  return payloads;
}

/** One Terra data event `{type, data, user, version}` carrying the range's `terra-reference`. */
export async function emitDataEvent(ctx: Ctx, range: EmitRange, data: unknown[]): Promise<void> {
  await emitEvent(ctx, {
    type: range.type,
    userId: range.connection.id,
    reference: range.reference,
    body: { type: range.type, data, user: terraUser(range.connection), version: dataVersion },
  });
}
