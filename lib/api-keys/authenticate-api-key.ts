import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { accounts, apiKeys } from '@/db/schema';
import type { Db } from '@/db/client';
import type { Ctx } from '../context';
import { hashApiKey } from './key-format';

const lastUsedResolutionMs = 60_000;

/** The account context a `dev-id` + `x-api-key` pair opens, or null for a missing, wrong or revoked key. */
export async function authenticateApiKey(db: Db, devId: string, key: string): Promise<Ctx | null> {
  if (!devId || !key) return null;
  const [row] = await db
    .select({ keyId: apiKeys.id, prefix: apiKeys.prefix, id: accounts.id, devId: accounts.devId, name: accounts.name })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), eq(accounts.devId, devId), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  // Recorded at most once a minute per key, so that a busy key costs no write per request.
  const now = new Date();
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.id, row.keyId),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - lastUsedResolutionMs))),
      ),
    );
  return {
    db,
    account: { id: row.id, devId: row.devId, name: row.name },
    actor: { kind: 'api_key', keyId: row.keyId, prefix: row.prefix },
  };
}
