import fs from 'node:fs';
import { getTableName, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { recordAudit } from '../audit/record-audit';
import type { Actor, BaseCtx } from '../context';
import { accounts } from '@/db/schema';
import { Invalid } from '../errors';
import { type EncryptedColumn, encryptedColumns } from './encrypted-columns';
import { decrypt, encrypt, encryptedKeyId } from './encryption';
import { ensureKeyFile, type Keyring, keyFile, keyFiles, keyring, setKeyring } from './keyring';

export interface RotationReport {
  /** The id of the key every secret is now encrypted with. */
  keyId: string;
  source: Keyring['source'];
  /** Values re-encrypted, by `table.column`; zero everywhere on a re-run. */
  reencrypted: Record<string, number>;
}

/**
 * Re-encrypts every secret at rest with the new key, in one transaction. With the key in the
 * environment, the new key is HEARTBRIDGE_ENCRYPTION_KEY and the old ones are in
 * HEARTBRIDGE_PREVIOUS_ENCRYPTION_KEYS. With the embedded key file, a new key is made as
 * `encryption-key.next` (read as a second key from then on), the values are re-encrypted, and the
 * file replaces `encryption-key`. Values already under the new key are left alone, so a run stopped
 * at any point is finished by running it again.
 */
export async function rotateEncryptionKey(ctx: BaseCtx): Promise<RotationReport> {
  const before = keyring();
  const target = before.source === 'file' ? withNextKey(before) : before;
  setKeyring(target); // this process encrypts with the new key from now on
  const reencrypted = await ctx.db.transaction(async (tx) => reencryptAll(tx as unknown as Db, target, ctx.actor));
  if (target.source === 'file' && target.current.id !== before.current.id) {
    fs.renameSync(keyFile(keyFiles.next), keyFile(keyFiles.current));
  } else if (target.source === 'file') {
    fs.rmSync(keyFile(keyFiles.next), { force: true });
  }
  return { keyId: target.current.id, source: target.source, reencrypted };
}

/** The keyring with a pending next key (made now, or left by a run that stopped) as the current one. */
function withNextKey(ring: Keyring): Keyring {
  const next = ensureKeyFile(keyFile(keyFiles.next));
  const held = [ring.current, ...ring.others].filter((key) => key.id !== next.id);
  return { current: next, others: held, source: 'file' };
}

async function reencryptAll(db: Db, ring: Keyring, actor: Actor): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const perAccount = new Map<string, number>();
  const unreadable = new Set<string>();
  const updates: Array<{ spec: EncryptedColumn; changed: Array<{ id: string; value: string }> }> = [];
  for (const spec of encryptedColumns) {
    const rows = await db
      .select({ id: spec.id, account: spec.account, value: spec.column })
      .from(spec.table)
      .where(isNotNull(spec.column))
      .for('update');
    const changed: Array<{ id: string; value: string }> = [];
    for (const row of rows) {
      if (row.value === null || encryptedKeyId(row.value) === ring.current.id) continue;
      try {
        changed.push({ id: row.id, value: encrypt(decrypt(row.value, ring), ring) });
        perAccount.set(row.account, (perAccount.get(row.account) ?? 0) + 1);
      } catch {
        unreadable.add(encryptedKeyId(row.value) ?? 'none (v1)');
      }
    }
    counts[`${getTableName(spec.table)}.${spec.column.name}`] = changed.length;
    updates.push({ spec, changed });
  }
  if (unreadable.size > 0) {
    throw Invalid(
      `Some secrets are encrypted with a key this process does not hold (key ids: ${[...unreadable].join(', ')}). ` +
        'Add the old key to HEARTBRIDGE_PREVIOUS_ENCRYPTION_KEYS and run again; nothing was changed.',
    );
  }
  for (const { spec, changed } of updates) await writeBack(db, spec, changed);
  await auditRotation(db, actor, ring.current.id, perAccount);
  return counts;
}

/** Writes re-encrypted values back, a few hundred rows a statement. */
async function writeBack(db: Db, spec: EncryptedColumn, changed: Array<{ id: string; value: string }>) {
  for (let start = 0; start < changed.length; start += 200) {
    const chunk = changed.slice(start, start + 200);
    const cases = sql.join(
      chunk.map((row) => sql`when ${row.id}::uuid then ${row.value}`),
      sql` `,
    );
    const ids = sql.join(
      chunk.map((row) => sql`${row.id}::uuid`),
      sql`, `,
    );
    await db.execute(
      sql`update ${spec.table} set ${sql.identifier(spec.column.name)} = case ${spec.id} ${cases} end where ${spec.id} in (${ids})`,
    );
  }
}

/** One audit entry in each account whose secrets were re-encrypted, in the same transaction. */
async function auditRotation(db: Db, actor: Actor, keyId: string, perAccount: Map<string, number>) {
  if (perAccount.size === 0) return;
  const rows = await db
    .select({ id: accounts.id, devId: accounts.devId, name: accounts.name })
    .from(accounts)
    .where(inArray(accounts.id, [...perAccount.keys()]));
  for (const account of rows) {
    await recordAudit(
      { db, actor, account, inTransaction: true },
      {
        action: 'encryption_key.rotated',
        targetType: 'account',
        targetId: account.id,
        after: { key_id: keyId, secrets_reencrypted: perAccount.get(account.id) ?? 0 },
      },
    );
  }
}
