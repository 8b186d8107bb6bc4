import { and, eq, sql } from 'drizzle-orm';
import { accounts, backfillParts, backfills } from '@/db/schema';
import type { Db } from '@/db/client';
import { type Ctx, withTransaction } from '../context';
import { addDays, daysBetween } from '../data-requests/date-bounds';
import { fetchHistory, type HistoryOutcome } from '../ingest/fetch-history';
import { log } from '../log';
import { ApiFailure } from '../providers/cardiomood/api-client';
import { finishPart, type PartResult } from './finish-part';

export const maxPartAttempts = 3;
/** A part holds its lease this long; the worker renews it before each month window it fetches. */
export const partLeaseMs = 15 * 60_000;

type Part = typeof backfillParts.$inferSelect;
type Backfill = typeof backfills.$inferSelect;

/**
 * One pg-boss job: fetches the part's missing days from CardioMood, then (in one transaction)
 * delivers what a backfill delivers and marks the part finished; the last part finishes the backfill.
 * Failures are retried three times with doubling delays; a cancelled backfill's part stops.
 */
export async function runBackfillPart(db: Db, partId: string, now = () => new Date()): Promise<Part['status']> {
  const [row] = await db
    .select({
      part: backfillParts,
      backfill: backfills,
      account: { id: accounts.id, devId: accounts.devId, name: accounts.name },
    })
    .from(backfillParts)
    .innerJoin(backfills, eq(backfills.id, backfillParts.backfillId))
    .innerJoin(accounts, eq(accounts.id, backfillParts.accountId))
    .where(eq(backfillParts.id, partId));
  if (!row || !['queued', 'running', 'pending'].includes(row.part.status)) return row?.part.status ?? 'cancelled';
  const { part, backfill } = row;
  const ctx: Ctx = { db, account: row.account, actor: { kind: 'system', name: 'backfill' } };
  if (backfill.status === 'cancelled') return setPart(ctx, part, { status: 'cancelled' });
  if (part.attempts >= maxPartAttempts) return fail(ctx, part, backfill, part.error ?? 'the worker running it stopped');

  await setPart(ctx, part, { status: 'running', attempts: part.attempts + 1, leaseUntil: lease(now()) });
  await db
    .update(backfills)
    .set({ status: 'running' })
    .where(and(eq(backfills.id, backfill.id), eq(backfills.status, 'queued')));
  let history: HistoryOutcome;
  try {
    history = await fetchHistory(db, part.userId, daysBetween(part.startDay, addDays(part.endDay, -1)), {
      now: now(),
      windowDays: 7,
      beforeWindow: async () => {
        await setPart(ctx, part, { leaseUntil: lease(now()) });
        return (await backfillStatus(ctx, backfill.id)) !== 'cancelled';
      },
    });
  } catch (error) {
    return retryOrFail(ctx, part, backfill, error, now());
  }
  const result: PartResult = {
    fetchedDays: history.status === 'skipped' ? 0 : history.fetchedDays,
    note: history.status === 'skipped' ? history.reason : undefined,
  };
  return finishPart(ctx, part.id, backfill.id, { status: 'done', result });
}

function lease(now: Date): Date {
  return new Date(now.getTime() + partLeaseMs);
}

async function setPart(ctx: Ctx, part: Part, fields: Partial<typeof backfillParts.$inferInsert>) {
  await ctx.db
    .update(backfillParts)
    .set({ ...fields, updatedAt: sql`now()` })
    .where(and(eq(backfillParts.accountId, ctx.account.id), eq(backfillParts.id, part.id)));
  return fields.status ?? part.status;
}

async function backfillStatus(ctx: Ctx, backfillId: string) {
  const [row] = await ctx.db
    .select({ status: backfills.status })
    .from(backfills)
    .where(and(eq(backfills.accountId, ctx.account.id), eq(backfills.id, backfillId)));
  return row?.status;
}

/** CardioMood busy (429, budget spent) costs no attempt; anything else does, up to three. */
async function retryOrFail(ctx: Ctx, part: Part, backfill: Backfill, error: unknown, now: Date) {
  const message = error instanceof Error ? error.message : String(error);
  const busy = error instanceof ApiFailure && (error.reason === 'rate_limited' || error.reason === 'budget');
  const attempts = busy ? part.attempts : part.attempts + 1;
  if (!(error instanceof ApiFailure)) log.error({ err: error, part: part.id }, 'backfill part failed');
  if (attempts >= maxPartAttempts) return fail(ctx, part, backfill, message);
  const delayMs = busy ? 60_000 : 30_000 * 2 ** (attempts - 1);
  return setPart(ctx, part, {
    status: 'pending',
    attempts,
    error: message.slice(0, 1000),
    leaseUntil: null,
    nextAttemptAt: new Date(now.getTime() + delayMs),
  });
}

function fail(ctx: Ctx, part: Part, backfill: Backfill, message: string) {
  return withTransaction(ctx, (tx) =>
    finishPart(tx, part.id, backfill.id, {
      status: 'failed',
      error: message.slice(0, 1000),
      result: { fetchedDays: 0 },
    }),
  );
}
