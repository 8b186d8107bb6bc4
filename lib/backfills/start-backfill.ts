import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { connections } from '@/db/schema';
import { recordAudit } from '../audit/record-audit';
import { authorize } from '../auth/roles';
import { type Ctx, withTransaction } from '../context';
import { addDays, calendarMonths, isCalendarDay } from '../data-requests/date-bounds';
import { dataTypes } from '../data-requests/read-payloads';
import { r1MaxDays } from '../data-requests/user-rate-limit';
import { Invalid, NotFound } from '../errors';
import { parseInput } from '../validation';
import { insertBackfill } from './create-backfill';

const maxParts = 20_000;

const day = (label: string) =>
  z
    .string({ message: `${label}: enter a date like 2025-01-31.` })
    .trim()
    .refine(isCalendarDay, { message: `${label}: enter a date like 2025-01-31.` });

const Input = z.object({
  /** One user, or every user of the account when `allUsers` is set. */
  userId: z.uuid({ message: 'Choose a user, or all users.' }).optional(),
  allUsers: z.boolean().default(false),
  from: day('From'),
  /** Exclusive. */
  to: day('To'),
  dataTypes: z
    .array(z.enum(dataTypes, { message: 'Data types are activity, body, daily and sleep.' }))
    .min(1, { message: 'Choose at least one data type.' }),
});

/**
 * Starts a backfill: the history of `[from, to)` for one user or all of them, fetched from CardioMood
 * where it was never synced and delivered as events under one reference, one job per user and
 * calendar month, inside the shared rate budget. Audited.
 */
export async function startBackfill({
  ctx,
  input,
  now = new Date(),
}: {
  ctx: Ctx;
  input: z.input<typeof Input>;
  now?: Date;
}) {
  authorize(ctx, 'backfills.manage');
  const { userId, allUsers, from, to, dataTypes: chosen } = parseInput(Input, input);
  if (from >= to) throw Invalid('From must be before To (To is not included).', { field: 'from' });
  const tomorrow = addDays(now.toISOString().slice(0, 10), 1);
  if (from > tomorrow) throw Invalid('From is in the future: there is no data to fetch yet.', { field: 'from' });
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days > r1MaxDays)
    throw Invalid(`A backfill spans at most ${r1MaxDays} days (five years); this one spans ${days}.`);
  if (!allUsers && !userId) throw Invalid('Choose a user, or all users.', { field: 'userId' });
  // Nothing after today exists yet (dates are strings: no Math.min).
  const lastDay = addDays([to, tomorrow].sort()[0] as string, -1);

  return withTransaction(ctx, async (tx) => {
    const users = await tx.db
      .select({ id: connections.id })
      .from(connections)
      .where(and(eq(connections.accountId, ctx.account.id), allUsers ? undefined : eq(connections.id, userId ?? '')))
      .orderBy(asc(connections.createdAt));
    if (!users.length)
      throw allUsers ? Invalid('This account has no connected users yet.') : NotFound('No such user in this account.');
    const parts = users.length * calendarMonths(from, lastDay).length;
    if (parts > maxParts) {
      throw Invalid(
        `That is ${parts} user-months of history; start at most ${maxParts} at once (a shorter range or one user).`,
      );
    }
    const types = [...new Set(chosen)];
    const backfill = await insertBackfill(tx, {
      kind: 'backfill',
      userIds: users.map((u) => u.id),
      allUsers,
      dataTypes: types,
      firstDay: from,
      lastDay,
      withSamples: true,
      delivery: 'events',
    });
    await recordAudit(tx, {
      action: 'backfill.started',
      targetType: 'backfill',
      targetId: backfill.id,
      after: { users: allUsers ? 'all' : userId, from, to, data_types: types, parts, reference: backfill.reference },
    });
    return { ...backfill, partsTotal: parts };
  });
}
