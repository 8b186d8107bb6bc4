import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { connections } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { Invalid } from '../errors';
import type { TerraUser } from '../models/terra';
import { parseInput } from '../validation';
import { getConnectionInAccount } from './connection-in-account';
import { terraUser } from './terra-user';

type Connection = typeof connections.$inferSelect;

const Input = z.object({ userId: z.string().optional(), referenceId: z.string().max(200).optional() });

/** Whether Heartbridge still holds working credentials: only a refused refresh (revocation) ends that. */
export function isAuthenticated(connection: Connection): boolean {
  return !connection.lastError?.startsWith('access revoked');
}

/**
 * `GET /v2/userInfo`: one user by `user_id` (NotFound for an unknown one or another account's), or
 * every user of the account holding `reference_id`, oldest first. `user_id` wins when both are given.
 */
export async function getUserInfo({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { userId, referenceId } = parseInput(Input, input);
  if (userId !== undefined) {
    const connection = await getConnectionInAccount(ctx, userId);
    // The current API adds polling metadata to this one answer; legacy clients ignore the extra fields.
    const user = {
      ...terraUser(connection),
      last_polled_at: connection.lastPollAt?.toISOString() ?? null,
      most_recent_data_at: connection.lastDataAt?.toISOString() ?? null,
    };
    return { status: 'success' as const, user, is_authenticated: isAuthenticated(connection) };
  }
  if (referenceId === undefined)
    throw Invalid('user_id: either user_id or reference_id is required.', { field: 'user_id' });
  const rows = await ctx.db
    .select()
    .from(connections)
    .where(and(eq(connections.accountId, ctx.account.id), eq(connections.referenceId, referenceId)))
    .orderBy(asc(connections.createdAt), asc(connections.id));
  return rows.map(terraUser);
}

const BulkInput = z.object({ userIds: z.array(z.string()).max(1000) });

/** `POST /v2/bulkUserInfo`: the account's users among `userIds`, in the order asked; others are left out. */
export async function bulkUserInfo({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof BulkInput>;
}): Promise<TerraUser[]> {
  authorize(ctx, 'account.read');
  const ids = [...new Set(parseInput(BulkInput, input).userIds.map((id) => id.toLowerCase()))];
  if (!ids.length) return [];
  const rows = await ctx.db
    .select()
    .from(connections)
    .where(and(eq(connections.accountId, ctx.account.id), inArray(connections.id, ids)));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [terraUser(row)] : [];
  });
}
