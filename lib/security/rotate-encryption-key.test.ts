import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, getTableName } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, integrations } from '@/db/schema';
import type { Db } from '@/db/client';
import { sendTestEvent } from '../destinations/send-test-event';
import { verifyTerraSignature } from '../delivery/signing';
import { syncConnection } from '../ingest/sync-connection';
import { accountFullOfSecrets } from '../testing/secrets-fixture';
import { createTestDatabase } from '../testing/test-database';
import { encryptedColumns } from './encrypted-columns';
import { decrypt, encrypt, encryptedKeyId } from './encryption';
import { keyFiles, keyFromBase64, type Keyring, setKeyring } from './keyring';
import { rotateEncryptionKey } from './rotate-encryption-key';

const cli = { actor: { kind: 'system', name: 'cli' } as const };
const newKey = () => randomBytes(32).toString('base64');
const only = (encoded: string): Keyring => ({ current: keyFromBase64(encoded), others: [], source: 'env' });
const saved = { ...process.env };

afterEach(() => {
  for (const name of ['HEARTBRIDGE_ENCRYPTION_KEY', 'HEARTBRIDGE_PREVIOUS_ENCRYPTION_KEYS', 'HEARTBRIDGE_DATA_DIR']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  setKeyring(undefined);
});

/** Every encrypted value in the database, by `table.column.id`. */
async function storedSecrets(db: Db): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  for (const spec of encryptedColumns) {
    const rows = await db.select({ id: spec.id, value: spec.column }).from(spec.table);
    for (const row of rows) {
      if (row.value !== null) values.set(`${getTableName(spec.table)}.${spec.column.name}.${row.id}`, row.value);
    }
  }
  return values;
}

const decryptAll = (values: Map<string, string>, ring?: Keyring) =>
  new Map([...values].map(([where, stored]) => [where, decrypt(stored, ring)]));

/** The app on the new key alone: the connector refreshes its token and syncs; a webhook's signature verifies. */
async function stillWorks(db: Db, fixture: Awaited<ReturnType<typeof accountFullOfSecrets>>) {
  fixture.sim.admin.expireTokens();
  const synced = await syncConnection(db, fixture.userId, { now: new Date(Date.parse('2026-03-15T13:00:00Z')) });
  expect(synced, JSON.stringify(synced)).toMatchObject({ status: 'synced' });
  fixture.receiver.received.length = 0;
  const answer = await sendTestEvent({ ctx: fixture.owner, input: { destinationId: fixture.webhookId } });
  expect(answer).toMatchObject({ statusCode: 200, error: null });
  const [request] = fixture.receiver.received;
  const headers = Object.fromEntries(Object.entries(request?.headers ?? {}).map(([k, v]) => [k, String(v)]));
  const secret = fixture.plaintexts.webhookRotatedSecret ?? '';
  expect(new Webhook(secret).verify(request?.body ?? '', headers)).toBeTruthy();
  const now = Math.floor(Date.now() / 1000);
  expect(verifyTerraSignature({ body: request?.body ?? '', header: headers['terra-signature'], secret, now })).toBe(
    true,
  );
}

describe('rotating the encryption key given in the environment', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  it('re-encrypts every secret with the new key in one go, is a no-op when run again, and the app runs on', async () => {
    const oldKey = process.env.HEARTBRIDGE_ENCRYPTION_KEY ?? '';
    const fixture = await accountFullOfSecrets(database.db);
    try {
      const before = await storedSecrets(database.db);
      const plaintexts = decryptAll(before, only(oldKey));
      expect(before.size).toBeGreaterThanOrEqual(20);

      const key = newKey();
      process.env.HEARTBRIDGE_ENCRYPTION_KEY = key;
      process.env.HEARTBRIDGE_PREVIOUS_ENCRYPTION_KEYS = oldKey;
      setKeyring(undefined);
      const report = await rotateEncryptionKey({ db: database.db, ...cli });
      expect(report.keyId).toBe(keyFromBase64(key).id);
      expect(Object.values(report.reencrypted).reduce((a, b) => a + b, 0)).toBe(before.size);

      const after = await storedSecrets(database.db);
      expect(decryptAll(after, only(key))).toEqual(plaintexts);
      for (const stored of after.values()) {
        expect(encryptedKeyId(stored)).toBe(report.keyId);
        expect(() => decrypt(stored, only(oldKey))).toThrow();
      }
      const again = await rotateEncryptionKey({ db: database.db, ...cli });
      expect(Object.values(again.reencrypted).every((n) => n === 0)).toBe(true);
      expect(await storedSecrets(database.db)).toEqual(after);
      const audited = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.accountId, fixture.owner.account.id), eq(auditLog.action, 'encryption_key.rotated')));
      expect(audited).toHaveLength(1);
      expect(audited[0]).toMatchObject({ actor: 'system:cli', after: { key_id: report.keyId } });

      delete process.env.HEARTBRIDGE_PREVIOUS_ENCRYPTION_KEYS;
      setKeyring(undefined);
      await stillWorks(database.db, fixture);
    } finally {
      await fixture.close();
    }
  });

  it('changes nothing when a secret is under a key it does not hold, and says which', async () => {
    const fixture = await accountFullOfSecrets(database.db);
    try {
      const stranger = only(newKey());
      await database.db
        .update(integrations)
        .set({ clientSecret: encrypt('lost', stranger) })
        .where(eq(integrations.accountId, fixture.owner.account.id));
      const before = await storedSecrets(database.db);
      process.env.HEARTBRIDGE_ENCRYPTION_KEY = newKey();
      process.env.HEARTBRIDGE_PREVIOUS_ENCRYPTION_KEYS = saved.HEARTBRIDGE_ENCRYPTION_KEY ?? '';
      setKeyring(undefined);
      await expect(rotateEncryptionKey({ db: database.db, ...cli })).rejects.toThrow(stranger.current.id);
      expect(await storedSecrets(database.db)).toEqual(before);
    } finally {
      await fixture.close();
    }
  });
});

describe('rotating the embedded key file', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-rotate-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await database.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const file = (name: string) => path.join(dataDir, name);

  it('makes a new key file, finishes a run that stopped before or after its commit, and the app runs on', async () => {
    process.env.HEARTBRIDGE_DATA_DIR = dataDir;
    delete process.env.HEARTBRIDGE_ENCRYPTION_KEY;
    setKeyring(undefined);
    const fixture = await accountFullOfSecrets(database.db);
    try {
      const oldKey = fs.readFileSync(file(keyFiles.current), 'utf8');
      expect(fs.statSync(file(keyFiles.current)).mode & 0o777).toBe(0o600);
      const before = await storedSecrets(database.db);
      const plaintexts = decryptAll(before, only(oldKey));

      // Stopped before the commit: a value it cannot read makes the run change nothing; the next run ends it.
      const [integration] = await database.db.select().from(integrations);
      await database.db.update(integrations).set({ clientSecret: encrypt('lost', only(newKey())) });
      const withLostValue = await storedSecrets(database.db);
      await expect(rotateEncryptionKey({ db: database.db, ...cli })).rejects.toThrow(/does not hold/);
      expect(await storedSecrets(database.db)).toEqual(withLostValue);
      const pending = fs.readFileSync(file(keyFiles.next), 'utf8');
      await database.db.update(integrations).set({ clientSecret: integration?.clientSecret ?? null });
      setKeyring(undefined); // as after a restart: the pending key is read too
      const report = await rotateEncryptionKey({ db: database.db, ...cli });
      expect(report).toMatchObject({ source: 'file', keyId: keyFromBase64(pending).id });
      expect(fs.readFileSync(file(keyFiles.current), 'utf8')).toBe(pending);
      expect(fs.existsSync(file(keyFiles.next))).toBe(false);

      // Stopped after the commit, before the key file was replaced: the app still reads everything, a re-run ends it.
      fs.writeFileSync(file(keyFiles.current), oldKey, { mode: 0o600 });
      fs.writeFileSync(file(keyFiles.next), pending, { mode: 0o600 });
      setKeyring(undefined);
      expect(decryptAll(await storedSecrets(database.db))).toEqual(plaintexts);
      const rerun = await rotateEncryptionKey({ db: database.db, ...cli });
      expect(Object.values(rerun.reencrypted).every((n) => n === 0)).toBe(true);
      expect(fs.readFileSync(file(keyFiles.current), 'utf8')).toBe(pending);
      expect(fs.existsSync(file(keyFiles.next))).toBe(false);

      const after = await storedSecrets(database.db);
      expect(decryptAll(after, only(pending))).toEqual(plaintexts);
      for (const stored of after.values()) expect(() => decrypt(stored, only(oldKey))).toThrow();
      setKeyring(undefined);
      await stillWorks(database.db, fixture);
    } finally {
      await fixture.close();
    }
  });
});
