import { and, eq } from 'drizzle-orm';
import { destinations } from '@/db/schema';
import type { Ctx } from '../context';
import { NotFound } from '../errors';

export const destinationWhere = (ctx: Ctx, id: string) =>
  and(eq(destinations.accountId, ctx.account.id), eq(destinations.id, id));

/** The account's destination with this id, locked for update, or NotFound (another account's looks the same). */
export async function getDestinationInAccount(ctx: Ctx, id: string) {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  const [row] = uuid ? await ctx.db.select().from(destinations).where(destinationWhere(ctx, id)).for('update') : [];
  if (!row) throw NotFound('No such destination in this account.');
  return row;
}

/** What the audit log keeps of a destination: never its credentials or signing secrets. */
export function visible(row: typeof destinations.$inferSelect) {
  const { secrets: _secrets, signingSecrets: _signing, ...shown } = row;
  return shown;
}
