import { asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { connections } from '@/db/schema';
import { authorize } from '../auth/roles';
import type { Ctx } from '../context';
import { parseInput } from '../validation';
import { terraUser } from './terra-user';

export const maxPerPage = 1000;
export const defaultPerPage = 500;

const Input = z.object({
  page: z.number().int().min(0).max(1_000_000).optional(),
  perPage: z.number().int().min(1).max(maxPerPage).optional(),
});

/**
 * `GET /v2/subscriptions`: every user of the account (`{users}`), or with `page` one zero-based page of
 * `perPage` (`{data: {next, max_page, results}}`), oldest first so pages stay stable as users join.
 */
export async function listUsers({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  authorize(ctx, 'account.read');
  const { page, perPage = defaultPerPage } = parseInput(Input, input);
  const base = ctx.db
    .select()
    .from(connections)
    .where(eq(connections.accountId, ctx.account.id))
    .orderBy(asc(connections.createdAt), asc(connections.id));
  if (page === undefined) return { users: (await base).map(terraUser) };
  const [total] = await ctx.db
    .select({ n: count() })
    .from(connections)
    .where(eq(connections.accountId, ctx.account.id));
  const maxPage = Math.max(0, Math.ceil((total?.n ?? 0) / perPage) - 1);
  const rows = page > maxPage ? [] : await base.limit(perPage).offset(page * perPage);
  return { data: { next: page < maxPage ? page + 1 : null, max_page: maxPage, results: rows.map(terraUser) } };
}
