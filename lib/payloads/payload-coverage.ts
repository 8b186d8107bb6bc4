import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf } from '@/db/client';
import { payloads } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { parseInput } from '../validation';
import { examplePayload } from './example-payloads';
import { type FieldRow, fieldReference } from './fields/field-reference';
import { filledFields } from './fields/filled-fields';
import { type PayloadType, payloadTypes } from './payload-types';

const Input = z.object({
  type: z.enum(payloadTypes, { message: 'Choose a data type: activity, body, daily, sleep or athlete.' }),
  recent: z.number().int().min(1).max(1000).default(200),
});

export interface FieldCoverage extends FieldRow {
  /** How many of the recent payloads hold data in this field. */
  filledIn: number;
  /** `filledIn` over the payloads looked at; null when the account has none of this type. */
  share: number | null;
  /** Whether the example day's payloads of this type hold data in it. */
  inExample: boolean;
  /** Empty in the example day and in every recent payload: what CardioMood does not give. */
  neverProvided: boolean;
}

/**
 * Terra's fields of one data type with how often the account's latest payloads of that type fill
 * each one. Reads the paths stored beside each payload (`filled_fields`), never the samples.
 */
export async function payloadCoverage({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { type, recent } = parseInput(Input, input);
  const { looked, pending, counts } = await recentFieldCounts(ctx, type, recent);
  const example = new Set(examplePayload(type).dayPayloads.flatMap(filledFields));
  const fields: FieldCoverage[] = fieldReference(type).map((field) => {
    const filledIn = counts.get(field.path) ?? 0;
    const inExample = example.has(field.path);
    return {
      ...field,
      filledIn,
      share: looked ? filledIn / looked : null,
      inExample,
      neverProvided: !inExample && filledIn === 0,
    };
  });
  return { type, payloads: looked, notYetMeasured: pending, fields };
}

async function recentFieldCounts(ctx: Ctx, type: PayloadType, limit: number) {
  const recent = sql`
    with recent as (
      select id, filled_fields from ${payloads}
      where account_id = ${ctx.account.id} and type = ${type}
      order by updated_at desc limit ${limit}
    )`;
  const [totals, paths] = await Promise.all([
    ctx.db.execute(sql`${recent}
      select count(*)::int as looked, coalesce(array_agg(id) filter (where filled_fields is null), '{}') as legacy
      from recent`),
    ctx.db.execute(sql`${recent}
      select path, count(*)::int as n from recent cross join lateral unnest(filled_fields) as path group by path`),
  ]);
  const [total] = rowsOf<{ looked: number; legacy: string[] }>(totals);
  const counts = new Map(rowsOf<{ path: string; n: number }>(paths).map((r) => [r.path, r.n]));
  const legacy = total?.legacy ?? [];
  for (const fields of await fillLegacy(ctx, legacy.slice(0, legacyPerCall))) {
    for (const path of fields) counts.set(path, (counts.get(path) ?? 0) + 1);
  }
  const pending = Math.max(0, legacy.length - legacyPerCall);
  return { looked: (total?.looked ?? 0) - pending, pending, counts };
}

/** Bounds the one-off cost of old payloads on a page load (a Body payload takes about 60 ms). */
const legacyPerCall = 25;

/**
 * Payloads stored before `filled_fields` existed: their paths are computed once from the full payload,
 * a few at a time, and kept (unless the payload changed meanwhile); the rest wait for later calls.
 */
async function fillLegacy(ctx: Ctx, ids: string[]): Promise<string[][]> {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += 10) {
    const rows = await ctx.db
      .select({ id: payloads.id, payload: payloads.payload, hash: payloads.payloadHash })
      .from(payloads)
      .where(and(eq(payloads.accountId, ctx.account.id), inArray(payloads.id, ids.slice(i, i + 10))));
    for (const row of rows) {
      const fields = filledFields(row.payload);
      out.push(fields);
      await ctx.db
        .update(payloads)
        .set({ filledFields: fields })
        .where(
          and(eq(payloads.accountId, ctx.account.id), eq(payloads.id, row.id), eq(payloads.payloadHash, row.hash)),
        );
    }
  }
  return out;
}
