import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { accounts, connections } from '@/db/schema';
import type { Actor, Ctx } from '../context';
import { NotFound } from '../errors';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The context of the account a Terra user id belongs to, acting as `actor`: for the operator's CLI, which
 * may name a user without their dev-id (user ids are unique across accounts). NotFound otherwise.
 */
export async function accountCtxOfUser(db: Db, userId: string, actor: Actor): Promise<Ctx> {
  const [account] = uuid.test(userId)
    ? await db
        .select({ id: accounts.id, devId: accounts.devId, name: accounts.name })
        .from(connections)
        .innerJoin(accounts, eq(accounts.id, connections.accountId))
        .where(eq(connections.id, userId))
    : [];
  if (!account) throw NotFound(`No user has user-id ${userId}.`);
  return { db, account, actor };
}
