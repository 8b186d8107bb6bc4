import { eq } from 'drizzle-orm';
import { accounts } from '@/db/schema';
import type { Db } from '@/db/client';
import type { Actor, Ctx } from '../context';
import { NotFound } from '../errors';

/** The context of the account with this dev-id, acting as `actor`; NotFound otherwise. */
export async function accountCtxByDevId(db: Db, devId: string, actor: Actor): Promise<Ctx> {
  const [account] = await db
    .select({ id: accounts.id, devId: accounts.devId, name: accounts.name })
    .from(accounts)
    .where(eq(accounts.devId, devId));
  if (!account) throw NotFound(`No account has dev-id ${devId}.`);
  return { db, account, actor };
}
