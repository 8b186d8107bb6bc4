import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { backfills, connections } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { parseInput } from '../validation';
import type { BackfillSummary } from './summary';

const Input = z.object({ limit: z.number().int().min(1).max(200).default(50) });

/** The account's backfills and REST `to_webhook` requests, newest first, with their progress. */
export async function listBackfills({ ctx, input = {} }: { ctx: Ctx; input?: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { limit } = parseInput(Input, input);
  const rows = await ctx.db
    .select({
      id: backfills.id,
      kind: backfills.kind,
      endpoint: backfills.endpoint,
      userId: backfills.userId,
      referenceId: connections.referenceId,
      allUsers: backfills.allUsers,
      dataTypes: backfills.dataTypes,
      startDay: backfills.startDay,
      endDay: backfills.endDay,
      delivery: backfills.delivery,
      large: backfills.large,
      reference: backfills.reference,
      requestedBy: backfills.requestedBy,
      status: backfills.status,
      partsTotal: backfills.partsTotal,
      partsDone: backfills.partsDone,
      summary: backfills.summary,
      createdAt: backfills.createdAt,
      finishedAt: backfills.finishedAt,
    })
    .from(backfills)
    .leftJoin(connections, and(eq(connections.accountId, backfills.accountId), eq(connections.id, backfills.userId)))
    .where(eq(backfills.accountId, ctx.account.id))
    .orderBy(desc(backfills.createdAt))
    .limit(limit);
  return rows.map((row) => ({ ...row, summary: row.summary as BackfillSummary }));
}

export type BackfillRow = Awaited<ReturnType<typeof listBackfills>>[number];
