import { and, asc, between, eq, gt, or } from 'drizzle-orm';
import { z } from 'zod';
import { payloads } from '@/db/schema';
import { recordAudit } from '../audit/record-audit';
import { authorize } from '../auth/roles';
import { terraUser } from '../connections/terra-user';
import type { Ctx } from '../context';
import { type PayloadRow, payloadsCsv } from '../formats/payload-csv';
import { parseInput } from '../validation';
import { dayRangeFields, inDayRange } from './date-range';
import { inspectedConnection, UserId } from './inspected-connection';

export const exportFormats = ['json', 'csv'] as const;

const Input = z
  .object({
    userId: UserId,
    format: z.enum(exportFormats, { message: 'format: export as json or csv.' }),
    ...dayRangeFields,
  })
  .transform(inDayRange);

type Column = 'payload' | 'summary';
/** Whole payloads hold a day of samples (hundreds of KiB): read a few at a time. */
const batchSize: Record<Column, number> = { payload: 20, summary: 500 };

/** The user's payloads of `[from, to]`, oldest day first, a batch at a time (keyset on day and id). */
async function* payloadBatches(ctx: Ctx, userId: string, from: string, to: string, column: Column) {
  let after: { day: string; id: string } | undefined;
  for (;;) {
    const rows = await ctx.db
      .select({
        id: payloads.id,
        type: payloads.type,
        day: payloads.day,
        naturalKey: payloads.naturalKey,
        body: column === 'payload' ? payloads.payload : payloads.summary,
      })
      .from(payloads)
      .where(
        and(
          eq(payloads.accountId, ctx.account.id),
          eq(payloads.userId, userId),
          between(payloads.day, from, to),
          after
            ? or(gt(payloads.day, after.day), and(eq(payloads.day, after.day), gt(payloads.id, after.id)))
            : undefined,
        ),
      )
      .orderBy(asc(payloads.day), asc(payloads.id))
      .limit(batchSize[column]);
    if (rows.length) yield rows;
    const last = rows.at(-1);
    if (!last || rows.length < batchSize[column]) return;
    after = { day: last.day, id: last.id };
  }
}

const leading = ['payload_id', 'type', 'day', 'natural_key'];

/**
 * A user's data of `[from, to]` to download: JSON (the user and every whole payload, streamed in
 * chunks) or CSV (one row per payload: its summary fields in dotted columns, in Terra's schema order). Audited.
 */
export async function exportUserData({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'connections.export');
  const { userId, from, to, format } = parseInput(Input, input);
  const connection = await inspectedConnection(ctx, userId);
  await recordAudit(ctx, {
    action: 'connection.exported',
    targetType: 'connection',
    targetId: connection.id,
    after: { format, from, to },
  });
  const filename = `heartbridge-${connection.referenceId ?? connection.id}-${from}-${to}.${format}`.replace(
    /[^\w.-]+/g,
    '_',
  );
  if (format === 'csv') {
    const rows: PayloadRow[] = [];
    for await (const batch of payloadBatches(ctx, connection.id, from, to, 'summary')) {
      for (const p of batch)
        rows.push({
          type: p.type,
          payload: p.body,
          ids: { payload_id: p.id, type: p.type, day: p.day, natural_key: p.naturalKey },
        });
    }
    return { filename, contentType: 'text/csv; charset=utf-8', chunks: single(payloadsCsv(rows, leading)) };
  }
  const user = terraUser(connection);
  async function* json() {
    yield `{"user":${JSON.stringify(user)},"from":${JSON.stringify(from)},"to":${JSON.stringify(to)},"payloads":[`;
    let first = true;
    for await (const batch of payloadBatches(ctx, connection.id, from, to, 'payload')) {
      const items = batch.map((p) =>
        JSON.stringify({ payload_id: p.id, type: p.type, day: p.day, natural_key: p.naturalKey, data: p.body }),
      );
      yield (first ? '' : ',') + items.join(',');
      first = false;
    }
    yield ']}\n';
  }
  return { filename, contentType: 'application/json; charset=utf-8', chunks: json() };
}

async function* single(text: string) {
  yield text;
}
